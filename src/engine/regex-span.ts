import { createRequire } from 'node:module';
import type { AST, RegExpParser as Parser } from '@eslint-community/regexpp';
import { parseAnchor, type Anchor } from './anchor.js';

/**
 * What the scanner needs to know about a rule's regex to run it only near its keywords.
 * Computed from the regex's syntax tree, never from sample text, so it holds for every input.
 */
export interface RegexSpan {
  /** Longest match in UTF-16 units; Infinity when the regex has no bound (`+`, `*`, a backreference). */
  maxLength: number;
  /** How far past a match's start the matcher may look (lookaheads, `\b`, `$` included). */
  reach: number;
  /**
   * Whether every match of the regex contains one of the rule's (prefilter-indexable)
   * keywords, or its anchor, as the prefilter finds them. Only then may the scanner search just around keyword hits:
   * a keyword that appears only beside the match (`firebase` near an `AIza...` key) proves
   * nothing about where the match is.
   */
  keywordInMatch: boolean;
  /**
   * When `keywordInMatch`: how far from a match's start that keyword (or anchor) may begin
   * at most (Infinity when unbounded). A match then starts at most this far before a hit,
   * even when its own length has no bound.
   */
  keywordOffset: number;
  /**
   * Set when every match holds one of the rule's keywords in this exact case (a
   * case-sensitive regex like `S[UAONC][A-Z2-7]{56}`): the prefilter then looks for that
   * spelling only, and `so`, `Sa` or `sc` in ordinary words no longer count as hits.
   * `keywordOffset` is then the bound for that spelling.
   */
  keywordCase?: 'upper' | 'lower';
  /**
   * Whether no match can hold a line feed, nor any lookaround read past one: every match
   * then lies within the line of the keyword it holds, so a regex with no length bound
   * can still be searched line by line around its keywords' hits.
   */
  lineBound: boolean;
  /**
   * When the rule's keywords only name the context (`ably.` near an Ably key): literal
   * text every match holds instead, read from the regex (lower case). The keywords still
   * decide whether the rule runs on a text; these say where in it.
   */
  needles?: string[];
}

/** Keywords the byte prefilter indexes (and can therefore report positions for): ASCII, two or more characters. */
export function indexableKeyword(k: string): boolean {
  return k.length >= 2 && /^[\x00-\x7f]*$/.test(k);
}

let parser: Parser | undefined;
/**
 * The regex parser, loaded on first use: built-in rules carry their spans in the build's
 * rule snapshot, so a start that runs only them (a pre-commit hook) never loads it.
 */
function regexParser(): Parser {
  if (!parser) {
    const { RegExpParser } = createRequire(import.meta.url)('@eslint-community/regexpp') as typeof import('@eslint-community/regexpp');
    parser = new RegExpParser({ ecmaVersion: 2025 });
  }
  return parser;
}

/** The span of `re` for a rule with these (lower-cased) keywords. */
export function regexSpan(re: RegExp, keywords: readonly string[], anchor?: string): RegexSpan {
  const unicode = re.flags.includes('u');
  const unicodeSets = re.flags.includes('v');
  let pattern: AST.Pattern;
  try {
    pattern = regexParser().parsePattern(re.source, 0, re.source.length, { unicode, unicodeSets });
  } catch {
    // A pattern V8 accepts but the parser does not: no claims, the rule scans whole texts.
    return { maxLength: Infinity, reach: Infinity, keywordInMatch: false, keywordOffset: Infinity, lineBound: false };
  }
  const ctx: Ctx = { astral: unicode || unicodeSets, ignoreCase: re.flags.includes('i'), dotAll: re.flags.includes('s') };
  const needles = keywords.filter(indexableKeyword).map(keywordNeedle);
  if (anchor !== undefined) needles.push(anchorNeedle(parseAnchor(anchor)));
  // Under `iu`, case folding maps `ſ` to `s` and the Kelvin sign to `k`: a match could hold a
  // keyword the ASCII prefilter cannot see.
  const foldsBeyondAscii = ctx.ignoreCase && ctx.astral;
  const offset = needles.length > 0 && !foldsBeyondAscii ? needleOffset(pattern, needles, ctx) : undefined;
  const span: RegexSpan = {
    maxLength: maxLength(pattern, ctx),
    reach: reach(pattern, ctx),
    keywordInMatch: offset !== undefined,
    keywordOffset: offset ?? Infinity,
    lineBound: !mayReadLineFeed(pattern, ctx),
  };
  const exact = offset !== undefined && anchor === undefined ? exactKeywordCase(pattern, keywords, ctx) : undefined;
  if (exact) Object.assign(span, { keywordCase: exact.keywordCase, keywordOffset: exact.offset });
  // Keywords that only name the context, or sit at no fixed distance from the match's start
  // (`eyJ…{10,}.eyJpc3Mi…`): literals of the regex itself may place the windows instead.
  if ((offset === undefined || (offset === Infinity && span.maxLength === Infinity)) && !foldsBeyondAscii) {
    const literals = requiredLiterals(pattern, ctx);
    const own = literals && needleOffset(pattern, literals.map(keywordNeedle), ctx);
    if (literals && own !== undefined && (offset === undefined || own < Infinity))
      return { ...span, keywordInMatch: true, keywordOffset: own, needles: literals };
  }
  return span;
}

// Derived needles shorter than this would hit too often to narrow anything down.
const MIN_NEEDLE = 3;
// Nor is a choice among more literals than this worth indexing.
const MAX_NEEDLES = 16;

/**
 * Literal strings (lower case) one of which every match of `node` holds, preferring the
 * longest; undefined when there are none worth indexing.
 */
function requiredLiterals(node: Node, ctx: Ctx): string[] | undefined {
  switch (node.type) {
    case 'Pattern':
    case 'CapturingGroup':
    case 'Group': {
      if (node.type === 'Group' && node.modifiers) return undefined;
      const all = new Set<string>();
      for (const a of node.alternatives) {
        const lits = requiredLiterals(a, ctx);
        if (!lits) return undefined;
        for (const l of lits) all.add(l);
      }
      return all.size <= MAX_NEEDLES ? [...all] : undefined;
    }
    case 'Quantifier':
      return node.min >= 1 ? requiredLiterals(node.element, ctx) : undefined;
    case 'Alternative': {
      const items = flatten(node.elements);
      const options: string[][] = [];
      for (const e of items) {
        const lits = requiredLiterals(e, ctx);
        if (lits) options.push(lits);
      }
      // Runs of neighbouring fixed characters, spelled out: each spelling's longest literal piece.
      let run: Spelling[] = [[]];
      const close = () => {
        const pieces = new Set<string>();
        for (const sp of run) {
          const piece = longestLiteral(sp);
          if (piece.length < MIN_NEEDLE) return;
          pieces.add(piece);
        }
        if (pieces.size > 0 && pieces.size <= MAX_NEEDLES) options.push([...pieces]);
      };
      for (const e of items) {
        if (e.type === 'Assertion') continue;
        const sp = spellings(e, ctx);
        const grown = sp && run.length * sp.length <= MAX_SPELLINGS ? run.flatMap((r) => sp.map((o) => [...r, ...o])) : undefined;
        if (grown) run = grown;
        else {
          close();
          run = sp && sp.length <= MAX_SPELLINGS ? sp.map((o) => [...o]) : [[]];
        }
      }
      close();
      const shortest = (lits: string[]) => Math.min(...lits.map((l) => l.length));
      const best = options
        .filter((o) => shortest(o) >= MIN_NEEDLE)
        .sort((a, b) => Math.min(shortest(b), 8) - Math.min(shortest(a), 8) || a.length - b.length)[0];
      return best;
    }
    default:
      return undefined;
  }
}

/** The longest stretch of a spelling where each position is one character (up to case), lower-cased. */
function longestLiteral(spelling: Spelling): string {
  let best = '';
  let cur = '';
  for (const set of spelling) {
    const folded = new Set([...set].map((c) => (c >= 65 && c <= 90 ? c | 0x20 : c)));
    if (folded.size === 1) cur += String.fromCharCode([...folded][0]!);
    else cur = '';
    if (cur.length > best.length) best = cur;
  }
  return best;
}

interface Ctx {
  /** `u` or `v`: one "character" may be a surrogate pair (two UTF-16 units). */
  astral: boolean;
  ignoreCase: boolean;
  /** `s`: `.` matches line feeds too. */
  dotAll: boolean;
}

const LF = 10;

/**
 * Whether the regex may consume a line feed anywhere, lookarounds included. Assertions
 * that only look at a character (`\b`, `$`) do not count: the scanner keeps the line feed
 * ending a line in the text it searches, so they see what they would in the whole text.
 * Unicode property escapes and `v`-mode classes are assumed to (they may).
 */
function mayReadLineFeed(node: Node, ctx: Ctx): boolean {
  switch (node.type) {
    case 'Pattern':
    case 'Group':
    case 'CapturingGroup':
      if (node.type === 'Group' && node.modifiers) return true; // `(?s:…)` may change what `.` matches
      return node.alternatives.some((a) => mayReadLineFeed(a, ctx));
    case 'Alternative':
      return node.elements.some((e) => mayReadLineFeed(e, ctx));
    case 'Quantifier':
      return node.max > 0 && mayReadLineFeed(node.element, ctx);
    case 'Assertion':
      return (node.kind === 'lookahead' || node.kind === 'lookbehind') && node.alternatives.some((a) => mayReadLineFeed(a, ctx));
    case 'Character':
    case 'CharacterSet':
    case 'CharacterClass':
      return matchesLineFeed(node, ctx) !== false;
    case 'Backreference':
      return false; // it repeats what its group matched, which is checked where the group is
    default:
      return true;
  }
}

/** Whether one character element matches a line feed; undefined when it cannot tell (a property escape). */
function matchesLineFeed(node: AST.Character | AST.CharacterSet | AST.CharacterClass | AST.CharacterClassElement, ctx: Ctx): boolean | undefined {
  switch (node.type) {
    case 'Character':
      return node.value === LF;
    case 'CharacterClassRange':
      return node.min.value <= LF && LF <= node.max.value;
    case 'CharacterSet':
      if (node.kind === 'any') return ctx.dotAll;
      if (node.kind === 'space') return !node.negate;
      if (node.kind === 'digit' || node.kind === 'word') return node.negate;
      return undefined;
    case 'CharacterClass': {
      if (node.unicodeSets) return undefined;
      let holds = false;
      for (const e of node.elements) {
        const m = matchesLineFeed(e, ctx);
        if (m === undefined) return undefined;
        holds ||= m;
      }
      return node.negate ? !holds : holds;
    }
    default:
      return undefined;
  }
}

type Node = AST.Pattern | AST.Alternative | AST.Element | AST.CharacterClassElement;

function maxLength(node: Node, ctx: Ctx): number {
  switch (node.type) {
    case 'Pattern':
    case 'Group':
    case 'CapturingGroup':
      return Math.max(...node.alternatives.map((a) => maxLength(a, ctx)));
    case 'Alternative':
      return node.elements.reduce((sum, e) => sum + maxLength(e, ctx), 0);
    case 'Quantifier': {
      const each = maxLength(node.element, ctx);
      if (each === 0) return 0;
      return node.max === Infinity ? Infinity : node.max * each;
    }
    case 'Character':
      return node.value > 0xffff ? 2 : 1;
    case 'CharacterSet':
    case 'CharacterClass':
      if (node.type === 'CharacterClass' && node.unicodeSets) return Infinity; // may hold strings
      return ctx.astral ? 2 : 1;
    case 'Assertion':
      return 0;
    default:
      // Backreferences (as long as what they refer to, possibly unbounded) and anything new.
      return Infinity;
  }
}

/** The furthest position past the match start the matcher may read, assertions included. */
function reach(node: Node, ctx: Ctx): number {
  switch (node.type) {
    case 'Pattern':
    case 'Group':
    case 'CapturingGroup':
      return Math.max(...node.alternatives.map((a) => reach(a, ctx)));
    case 'Alternative': {
      let offset = 0;
      let furthest = 0;
      for (const e of node.elements) {
        furthest = Math.max(furthest, offset + reach(e, ctx));
        offset += maxLength(e, ctx);
      }
      return Math.max(furthest, offset);
    }
    case 'Quantifier': {
      if (node.max === 0) return 0;
      const each = maxLength(node.element, ctx);
      const inner = reach(node.element, ctx);
      if (each === 0) return inner;
      if (node.max === 1) return inner; // not (1 - 1) * each: 0 * Infinity is NaN
      return node.max === Infinity ? Infinity : (node.max - 1) * each + inner;
    }
    case 'Assertion':
      if (node.kind === 'lookahead') return Math.max(...node.alternatives.map((a) => reach(a, ctx)));
      if (node.kind === 'lookbehind' || node.kind === 'start') return 0; // reads backwards only
      return 1; // `$` and `\b` look at the next character
    default:
      return maxLength(node, ctx);
  }
}

/** What a match must contain: per position, the characters (ASCII codes) allowed there. */
type Needle = ReadonlySet<number>[];

const letterCases = (c: number): number[] => {
  const lower = c >= 65 && c <= 90 ? c | 0x20 : c;
  return lower >= 97 && lower <= 122 ? [lower, lower - 32] : [c];
};

/**
 * The case in which every match of a case-sensitive regex holds one of the keywords, with
 * the offset bound for it; undefined when neither all-upper nor all-lower case is certain.
 */
function exactKeywordCase(pattern: AST.Pattern, keywords: readonly string[], ctx: Ctx): { keywordCase: 'upper' | 'lower'; offset: number } | undefined {
  if (ctx.ignoreCase || keywords.length === 0 || !keywords.every(indexableKeyword) || !keywords.some((k) => /[a-z]/i.test(k))) return undefined;
  for (const keywordCase of ['upper', 'lower'] as const) {
    const spelled = keywords.map((k) => (keywordCase === 'upper' ? k.toUpperCase() : k.toLowerCase()));
    const offset = needleOffset(pattern, spelled.map(exactNeedle), ctx);
    if (offset !== undefined) return { keywordCase, offset };
  }
  return undefined;
}

/** A keyword spelled exactly as given. */
function exactNeedle(k: string): Needle {
  return [...k].map((ch) => new Set([ch.charCodeAt(0)]));
}

/** A keyword as the prefilter finds it: each letter in either case. */
function keywordNeedle(k: string): Needle {
  return [...k].map((ch) => new Set(letterCases(ch.charCodeAt(0))));
}

const TOKEN_CODES = new Set([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'].map((c) => c.charCodeAt(0)));

/** An anchor as the prefilter finds it: a mark, `gap` token characters, a mark. */
function anchorNeedle(anchor: Anchor): Needle {
  return [new Set([anchor.open]), ...Array.from({ length: anchor.gap }, () => TOKEN_CODES), new Set([anchor.close])];
}

/**
 * If every match of `node` contains one of the needles: the furthest from the match's
 * start one must begin (the smallest bound any one proof gives). Undefined when no
 * needle is certain.
 */
function needleOffset(node: Node, needles: readonly Needle[], ctx: Ctx): number | undefined {
  switch (node.type) {
    case 'Pattern':
    case 'CapturingGroup':
    case 'Group': {
      if (node.type === 'Group' && node.modifiers) return undefined;
      let worst = 0;
      for (const a of node.alternatives) {
        const o = needleOffset(a, needles, ctx);
        if (o === undefined) return undefined;
        worst = Math.max(worst, o);
      }
      return worst;
    }
    case 'Alternative':
      return alternativeOffset(flatten(node.elements), needles, ctx);
    case 'Quantifier':
      // The first repetition holds the needle.
      return node.min >= 1 ? needleOffset(node.element, needles, ctx) : undefined;
    default:
      return undefined;
  }
}

/** A stretch of text an element may match: the characters allowed at each position. */
type Spelling = ReadonlySet<number>[];
// Spellings a run of elements may expand into before it is cut: `(?:live|test)_` is two.
const MAX_SPELLINGS = 64;
// A class of at most this many characters (up to case) is that many spellings: `S[UAONC]`
// is `SU`, `SA`, … each of which may be a keyword.
const SPLIT_CLASS = 8;

function alternativeOffset(items: readonly AST.Element[], needles: readonly Needle[], ctx: Ctx): number | undefined {
  let best: number | undefined;
  const consider = (o: number | undefined) => {
    if (o !== undefined && (best === undefined || o < best)) best = o;
  };
  // An element holding a needle by itself.
  let before = 0;
  for (const e of items) {
    const o = needleOffset(e, needles, ctx);
    if (o !== undefined) consider(before + o);
    before += maxLength(e, ctx);
  }
  // Needles spelled across neighbouring elements (`ghp_` is four Character nodes, `rk_(?:live|test)_`
  // two spellings): every spelling of a run of elements must hold one.
  let runStart = 0; // offset of the run's first element from the match start
  let run: Spelling[] = [[]];
  const close = () => {
    let worst = 0;
    for (const sp of run) {
      const o = needleIn(sp, needles);
      if (o === undefined) return;
      worst = Math.max(worst, o);
    }
    consider(runStart + worst);
  };
  before = 0;
  for (const e of items) {
    const width = maxLength(e, ctx);
    if (e.type === 'Assertion') continue; // zero width: the characters around it stay adjacent
    const options = spellings(e, ctx);
    const grown = options && run.length * options.length <= MAX_SPELLINGS ? run.flatMap((sp) => options.map((o) => [...sp, ...o])) : undefined;
    if (grown) run = grown;
    else {
      close();
      run = options && options.length <= MAX_SPELLINGS ? options.map((o) => [...o]) : [[]];
      runStart = options ? before : before + width;
    }
    before += width;
  }
  close();
  return best;
}

/** Where the first needle starts in a spelling, if one fits it. */
function needleIn(spelling: Spelling, needles: readonly Needle[]): number | undefined {
  let first: number | undefined;
  for (const needle of needles) {
    for (let o = 0; o + needle.length <= spelling.length && (first === undefined || o < first); o++) {
      let all = true;
      for (let j = 0; j < needle.length && all; j++) for (const c of spelling[o + j]!) if (!needle[j]!.has(c)) all = false;
      if (all) first = o;
    }
  }
  return first;
}

/**
 * The spellings an element may match, when there are few and each is a fixed run of ASCII
 * characters: `x`, `[Gg]`, `(?:live|test)`, `-?`. Undefined otherwise.
 */
function spellings(e: AST.Element, ctx: Ctx): Spelling[] | undefined {
  if (e.type === 'Group' || e.type === 'CapturingGroup') {
    if (e.type === 'Group' && e.modifiers) return undefined;
    const out: Spelling[] = [];
    for (const a of e.alternatives) {
      let alt: Spelling[] = [[]];
      for (const item of flatten(a.elements)) {
        if (item.type === 'Assertion') continue;
        const options = spellings(item, ctx);
        if (!options || alt.length * options.length > MAX_SPELLINGS) return undefined;
        alt = alt.flatMap((sp) => options.map((o) => [...sp, ...o]));
      }
      out.push(...alt);
      if (out.length > MAX_SPELLINGS) return undefined;
    }
    return out;
  }
  if (e.type === 'Quantifier' && e.min === 0 && e.max === 1) {
    const inner = spellings(e.element, ctx);
    return inner && [[], ...inner];
  }
  const set = asciiSet(e, ctx);
  if (!set) return undefined;
  // A small class is a few spellings (`[_.-]`: `dd_api`, `dd.api`, `dd-api` are all keywords);
  // a letter's two cases stay one, as the prefilter folds them.
  const byFold = new Map<number, number[]>();
  for (const c of set) {
    const folded = c >= 65 && c <= 90 ? c | 0x20 : c;
    byFold.set(folded, [...(byFold.get(folded) ?? []), c]);
  }
  return byFold.size > 1 && byFold.size <= SPLIT_CLASS ? [...byFold.values()].map((cs) => [new Set(cs)]) : [[set]];
}

/**
 * Elements as the matcher sees them in a row: a group with one alternative and no
 * modifiers is spliced in, and a short fixed repeat (`a{3}`) is written out.
 */
function flatten(elements: readonly AST.Element[]): AST.Element[] {
  const out: AST.Element[] = [];
  for (const e of elements) {
    if ((e.type === 'Group' || e.type === 'CapturingGroup') && e.alternatives.length === 1 && !(e.type === 'Group' && e.modifiers)) {
      out.push(...flatten(e.alternatives[0]!.elements));
    } else if (e.type === 'Quantifier' && e.min === e.max && e.min <= 64) {
      for (let i = 0; i < e.min; i++) out.push(...flatten([e.element]));
    } else out.push(e);
  }
  return out;
}

/**
 * The ASCII characters one element may match (both cases under `i`), or undefined when
 * it may match more than one character, something beyond ASCII, or nothing nameable.
 */
function asciiSet(e: AST.Element, ctx: Ctx): ReadonlySet<number> | undefined {
  const out = new Set<number>();
  const add = (c: number) => {
    for (const v of ctx.ignoreCase ? letterCases(c) : [c]) out.add(v);
  };
  if (e.type === 'Character') {
    if (e.value > 127) return undefined;
    add(e.value);
    return out;
  }
  if (e.type === 'CharacterSet' && (e.kind === 'digit' || e.kind === 'word') && !e.negate) {
    for (let c = 0; c < 128; c++) if ((e.kind === 'digit' ? /\d/ : /\w/).test(String.fromCharCode(c))) out.add(c);
    return out;
  }
  if (e.type !== 'CharacterClass' || e.negate || e.unicodeSets) return undefined;
  for (const item of e.elements) {
    if (item.type === 'Character') {
      if (item.value > 127) return undefined;
      add(item.value);
    } else if (item.type === 'CharacterClassRange') {
      if (item.max.value > 127) return undefined;
      for (let c = item.min.value; c <= item.max.value; c++) add(c);
    } else if (item.type === 'CharacterSet' && (item.kind === 'digit' || item.kind === 'word') && !item.negate) {
      for (let c = 0; c < 128; c++) if ((item.kind === 'digit' ? /\d/ : /\w/).test(String.fromCharCode(c))) out.add(c);
    } else return undefined;
  }
  return out;
}
