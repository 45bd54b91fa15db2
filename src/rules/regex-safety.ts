/**
 * A static check for regexes that can backtrack catastrophically in a backtracking
 * engine (V8's). It parses the pattern into a small tree and rejects two shapes:
 * a repeated group whose inner unbounded quantifier can hand characters to the next
 * iteration (`(a+)+`, `(\w+\s?)*`, `(.*,)*`), and a repeated alternation whose branches
 * can start with the same character (`(a|ab)*`). Polynomial blow-ups (`\w+\w+=` on a long
 * line) are not caught here; custom rules run under RE2 when it is installed, else on a
 * watchdog thread (src/rules/guarded-regex.ts), for that. Backreferences count as
 * repeats of what their group can match, and a lookaround is a zero-width node whose
 * body still runs (and backtracks) at every position it is tried.
 */

/** Characters 0–127 by code, plus index 128 for "anything beyond ASCII". */
type CharSet = boolean[];

type Node =
  | { t: 'char'; set: CharSet }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; alts: Node[]; src: string }
  | { t: 'repeat'; body: Node; min: number; max: number; src: string }
  | { t: 'backref'; group: () => Node | undefined; src: string }
  | { t: 'look'; body: Node; src: string }
  | { t: 'empty' };

const SIZE = 129;
const none = (): CharSet => new Array<boolean>(SIZE).fill(false);
const all = (): CharSet => new Array<boolean>(SIZE).fill(true);
const union = (a: CharSet, b: CharSet): CharSet => a.map((v, i) => v || b[i]!);
const overlaps = (a: CharSet, b: CharSet): boolean => a.some((v, i) => v && b[i]);

function range(set: CharSet, from: number, to: number): CharSet {
  for (let c = from; c <= Math.min(to, 127); c++) set[c] = true;
  if (to > 127) set[128] = true;
  return set;
}
const DIGIT = () => range(none(), 48, 57);
const WORD = () => range(range(range(range(none(), 48, 57), 65, 90), 97, 122), 95, 95);
const SPACE = () => {
  const s = none();
  for (const c of [9, 10, 11, 12, 13, 32]) s[c] = true;
  s[128] = true;
  return s;
};
const negate = (s: CharSet): CharSet => s.map((v, i) => (i === 128 ? true : !v));

function foldCase(s: CharSet): CharSet {
  const out = [...s];
  for (let c = 65; c <= 90; c++) if (s[c] || s[c + 32]) out[c] = out[c + 32] = true;
  return out;
}

/** A problem found in a pattern: what it is and the part of the pattern at fault. */
export interface RegexRisk {
  problem: string;
}

class Parser {
  private i = 0;
  private readonly groups: Node[] = [];
  private readonly names = new Map<string, number>();
  private groupCount = 0;
  constructor(
    private readonly src: string,
    private readonly ignoreCase: boolean,
    private readonly dotAll: boolean,
  ) {}

  parse(): Node {
    const n = this.alternation();
    if (this.i < this.src.length) throw new Error(`unexpected ")" at ${this.i}`);
    return n;
  }

  private alternation(): Node {
    const start = this.i;
    const alts = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      alts.push(this.sequence());
    }
    return alts.length === 1 ? alts[0]! : { t: 'alt', alts, src: this.src.slice(start, this.i) };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const start = this.i;
      let atom = this.atom();
      atom = this.quantified(atom, start);
      items.push(atom);
    }
    return { t: 'seq', items };
  }

  private quantified(atom: Node, start: number): Node {
    const s = this.src;
    let min: number;
    let max: number;
    const c = s[this.i];
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d*)(,?)(\d*)\}/.exec(s.slice(this.i));
      if (!m || (m[1] === '' && m[3] === '')) return atom; // a literal "{"
      min = m[1] === '' ? 0 : Number(m[1]);
      max = m[2] ? (m[3] === '' ? Infinity : Number(m[3])) : min;
      this.i += m[0].length - 1;
    } else return atom;
    this.i++;
    if (s[this.i] === '?' || s[this.i] === '+') this.i++; // lazy / possessive: same shape for our purpose
    return { t: 'repeat', body: atom, min, max, src: s.slice(start, this.i) };
  }

  private atom(): Node {
    const s = this.src;
    const c = s[this.i]!;
    if (c === '(') {
      this.i++;
      const start = this.i - 1;
      let zeroWidth = false;
      let capture: number | undefined;
      if (s[this.i] === '?') {
        const m = /^\?(?::|=|!|<=|<!|<([A-Za-z_][A-Za-z0-9_]*)>)/.exec(s.slice(this.i));
        if (!m) throw new Error(`unsupported group at ${this.i}`);
        zeroWidth = /^\?(=|!|<=|<!)$/.test(m[0]);
        if (m[1]) {
          capture = ++this.groupCount;
          this.names.set(m[1], capture);
        }
        this.i += m[0].length;
      } else capture = ++this.groupCount;
      const body = this.alternation();
      if (s[this.i] !== ')') throw new Error('unterminated group');
      this.i++;
      if (capture !== undefined) this.groups[capture] = body;
      return zeroWidth ? { t: 'look', body, src: s.slice(start, this.i) } : body;
    }
    if (c === '[') return this.charClass();
    if (c === '.') {
      this.i++;
      const set = all();
      if (!this.dotAll) set[10] = set[13] = false;
      return { t: 'char', set };
    }
    if (c === '^' || c === '$') {
      this.i++;
      return { t: 'empty' };
    }
    if (c === '\\') {
      const start = this.i;
      const esc = this.escape(false);
      if (esc) return { t: 'char', set: this.cased(esc) };
      const ref = this.backref(s.slice(start, this.i));
      return ref ?? { t: 'empty' };
    }
    this.i++;
    return { t: 'char', set: this.cased(range(none(), c.charCodeAt(0), c.charCodeAt(0))) };
  }

  /** A backreference escape (`\\1`, `\\k<name>`) as a node that matches what its group matched. */
  private backref(src: string): Node | undefined {
    const numbered = /^\\([1-9][0-9]*)$/.exec(src);
    const named = /^\\k<([^>]*)>$/.exec(src);
    if (!numbered && !named) return undefined;
    return { t: 'backref', src, group: () => this.groups[numbered ? Number(numbered[1]) : (this.names.get(named![1]!) ?? 0)] };
  }

  private cased(set: CharSet): CharSet {
    return this.ignoreCase ? foldCase(set) : set;
  }

  /** Reads an escape at `i` (pointing at the backslash); undefined for zero-width ones (\b, \B, backrefs). */
  private escape(inClass: boolean): CharSet | undefined {
    const s = this.src;
    this.i++;
    const c = s[this.i++];
    if (c === undefined) throw new Error('trailing backslash');
    switch (c) {
      case 'd':
        return DIGIT();
      case 'D':
        return negate(DIGIT());
      case 'w':
        return WORD();
      case 'W':
        return negate(WORD());
      case 's':
        return SPACE();
      case 'S':
        return negate(SPACE());
      case 'n':
        return range(none(), 10, 10);
      case 'r':
        return range(none(), 13, 13);
      case 't':
        return range(none(), 9, 9);
      case 'b':
        return inClass ? range(none(), 8, 8) : undefined;
      case 'B':
        return undefined;
      case 'x': {
        const code = parseInt(s.slice(this.i, this.i + 2), 16);
        this.i += 2;
        return range(none(), code, code);
      }
      case 'u': {
        const m = /^\{([0-9A-Fa-f]+)\}|^([0-9A-Fa-f]{4})/.exec(s.slice(this.i));
        if (!m) return range(none(), 117, 117);
        this.i += m[0].length;
        const code = parseInt(m[1] ?? m[2]!, 16);
        return range(none(), code, code);
      }
      case 'p':
      case 'P': {
        const m = /^\{[^}]*\}/.exec(s.slice(this.i));
        if (m) this.i += m[0].length;
        return all();
      }
      case 'k': {
        const m = /^<[^>]*>/.exec(s.slice(this.i));
        if (m) this.i += m[0].length;
        return inClass ? range(none(), 107, 107) : undefined;
      }
      default:
        if (/[1-9]/.test(c) && !inClass) {
          while (/[0-9]/.test(s[this.i] ?? '')) this.i++;
          return undefined;
        }
        return range(none(), c.charCodeAt(0), c.charCodeAt(0));
    }
  }

  private charClass(): Node {
    const s = this.src;
    this.i++;
    const negated = s[this.i] === '^';
    if (negated) this.i++;
    let set = none();
    let first = true;
    while (this.i < s.length && (s[this.i] !== ']' || first)) {
      first = false;
      const from = this.classAtom();
      if (s[this.i] === '-' && s[this.i + 1] !== ']' && s[this.i + 1] !== undefined && from.code !== undefined) {
        this.i++;
        const to = this.classAtom();
        set = to.code !== undefined ? range(set, from.code, to.code) : union(union(set, from.set), to.set);
      } else set = union(set, from.set);
    }
    if (s[this.i] !== ']') throw new Error('unterminated character class');
    this.i++;
    const cased = this.cased(set);
    return { t: 'char', set: negated ? negate(cased) : cased };
  }

  private classAtom(): { set: CharSet; code?: number } {
    const s = this.src;
    if (s[this.i] === '\\') {
      const set = this.escape(true) ?? none();
      const codes = set.flatMap((v, i) => (v ? [i] : []));
      return { set, code: codes.length === 1 && codes[0]! < 128 ? codes[0] : undefined };
    }
    const code = s.codePointAt(this.i)!;
    this.i += code > 0xffff ? 2 : 1;
    return { set: range(none(), code, code), code };
  }
}

function nullable(n: Node): boolean {
  switch (n.t) {
    case 'char':
      return false;
    case 'empty':
      return true;
    case 'seq':
      return n.items.every(nullable);
    case 'alt':
      return n.alts.some(nullable);
    case 'repeat':
      return n.min === 0 || nullable(n.body);
    case 'backref': {
      const g = n.group();
      return !g || nullable(g);
    }
    case 'look':
      return true;
  }
}

/** Characters that can start a match of `n`. */
function first(n: Node): CharSet {
  switch (n.t) {
    case 'char':
      return n.set;
    case 'empty':
      return none();
    case 'seq': {
      let set = none();
      for (const item of n.items) {
        set = union(set, first(item));
        if (!nullable(item)) break;
      }
      return set;
    }
    case 'alt':
      return n.alts.map(first).reduce(union, none());
    case 'repeat':
      return first(n.body);
    case 'backref': {
      const g = n.group();
      return g ? first(g) : none();
    }
    case 'look':
      return none();
  }
}

/** Every character `n` can consume. */
function chars(n: Node): CharSet {
  switch (n.t) {
    case 'char':
      return n.set;
    case 'empty':
      return none();
    case 'seq':
      return n.items.map(chars).reduce(union, none());
    case 'alt':
      return n.alts.map(chars).reduce(union, none());
    case 'repeat':
      return chars(n.body);
    case 'backref': {
      const g = n.group();
      return g ? chars(g) : none();
    }
    case 'look':
      return none();
  }
}

// A quantifier that can take many different counts: where backtracking has choices to try.
const wide = (r: { min: number; max: number }) => r.max === Infinity || r.max - r.min >= 10;

/** Whether `n` can match text of many different lengths (a wide repeat somewhere inside). */
function variable(n: Node): boolean {
  return widestInside(n).length > 0;
}

/** The parts of `n` that can take many lengths: wide repeats, and backreferences to groups that can. */
function widestInside(n: Node): { body: Node }[] {
  switch (n.t) {
    case 'repeat':
      return [...(wide(n) ? [n] : []), ...widestInside(n.body)];
    case 'backref': {
      const g = n.group();
      // The group's text is repeated as a whole: it can be as long as the group can.
      return g && g.t !== 'backref' && variable(g) ? [{ body: g }] : [];
    }
    case 'seq':
      return n.items.flatMap(widestInside);
    case 'alt':
      return n.alts.flatMap(widestInside);
    default:
      return [];
  }
}

function items(n: Node): Node[] {
  return n.t === 'seq' ? n.items : [n];
}

/** Whether `n` holds a lookaround whose body can take many lengths. */
function lookaroundInside(n: Node): Extract<Node, { t: 'look' }> | undefined {
  switch (n.t) {
    case 'look':
      return variable(n.body) ? n : lookaroundInside(n.body);
    case 'repeat':
      return lookaroundInside(n.body);
    case 'seq':
      return n.items.map(lookaroundInside).find(Boolean);
    case 'alt':
      return n.alts.map(lookaroundInside).find(Boolean);
    default:
      return undefined;
  }
}

function checkRepeat(r: Extract<Node, { t: 'repeat' }>): string | undefined {
  if (r.max <= 1) return undefined;
  // A repeated lookaround matches nothing, so the repeat can try it again and again at
  // one position, re-running (and backtracking through) its body every time.
  const look = lookaroundInside(r.body);
  if (look) return `the lookaround "${look.src}" is repeated in "${r.src}"`;
  const bodies = r.body.t === 'alt' ? r.body.alts : [r.body];
  if (r.body.t === 'alt') {
    const starts = r.body.alts.map(first);
    for (let a = 0; a < starts.length; a++)
      for (let b = a + 1; b < starts.length; b++)
        if (overlaps(starts[a]!, starts[b]!)) return `alternatives that can start with the same character are repeated in "${r.src}"`;
  }
  const start = first(r.body);
  for (const body of bodies) {
    const list = items(body);
    for (let k = 0; k < list.length; k++) {
      const rest: Node = { t: 'seq', items: list.slice(k + 1) };
      for (const inner of widestInside(list[k]!)) {
        const set = chars(inner.body);
        // The inner repeat can stop early or run on into what follows it (or into the next
        // outer iteration): the same text splits many ways, and each way is tried.
        const ambiguous = overlaps(set, start) && (nullable(rest) || overlaps(set, first(rest)));
        if (ambiguous) return `nested quantifiers in "${r.src}" can split the same text in many ways`;
      }
    }
  }
  return undefined;
}

function walk(n: Node, visit: (r: Extract<Node, { t: 'repeat' }>) => void): void {
  if (n.t === 'repeat') {
    visit(n);
    walk(n.body, visit);
  } else if (n.t === 'look') walk(n.body, visit);
  else if (n.t === 'seq') n.items.forEach((i) => walk(i, visit));
  else if (n.t === 'alt') n.alts.forEach((a) => walk(a, visit));
}

/**
 * Why a JavaScript regex source can backtrack catastrophically, or undefined when the
 * check sees no such shape. A pattern this parser cannot read is reported too.
 */
export function catastrophicBacktracking(source: string, flags = ''): string | undefined {
  let tree: Node;
  try {
    tree = new Parser(source, flags.includes('i'), flags.includes('s')).parse();
  } catch (e) {
    return `cannot check for catastrophic backtracking (${(e as Error).message})`;
  }
  let problem: string | undefined;
  walk(tree, (r) => {
    problem ??= checkRepeat(r);
  });
  return problem && `${problem}; this can backtrack catastrophically (rewrite it so each character can be matched only one way, e.g. "(a+)+" -> "a+")`;
}

function seqs(n: Node, visit: (items: Node[]) => void): void {
  if (n.t === 'seq') {
    visit(n.items);
    n.items.forEach((i) => seqs(i, visit));
  } else if (n.t === 'alt') n.alts.forEach((a) => seqs(a, visit));
  else if (n.t === 'repeat' || n.t === 'look') seqs(n.body, visit);
}

function looks(n: Node, visit: (look: Extract<Node, { t: 'look' }>) => void): void {
  if (n.t === 'look') visit(n);
  if (n.t === 'seq') n.items.forEach((i) => looks(i, visit));
  else if (n.t === 'alt') n.alts.forEach((a) => looks(a, visit));
  else if (n.t === 'repeat' || n.t === 'look') looks(n.body, visit);
}

const unbounded = (n: Node): n is Extract<Node, { t: 'repeat' }> => n.t === 'repeat' && n.max === Infinity;

/** Whether `n` can run on without limit: an unbounded repeat, or a backreference to a group that can. */
function runsOn(n: Node): boolean {
  switch (n.t) {
    case 'repeat':
      return n.max === Infinity || runsOn(n.body);
    case 'backref': {
      const g = n.group();
      return Boolean(g && g.t !== 'backref' && runsOn(g));
    }
    case 'seq':
      return n.items.some(runsOn);
    case 'alt':
      return n.alts.some(runsOn);
    default:
      return false;
  }
}

/**
 * Why a regex can take polynomial time on a long line, or undefined: two unbounded
 * quantifiers in a row (only optional items between) over overlapping characters, as in
 * `\w+\w+=`, split a run of n such characters n² ways at each of n starting points.
 * RE2 runs these in linear time; V8 can spend minutes on one 20 KB line.
 */
export function polynomialBacktracking(source: string, flags = ''): string | undefined {
  let tree: Node;
  try {
    tree = new Parser(source, flags.includes('i'), flags.includes('s')).parse();
  } catch {
    return undefined; // catastrophicBacktracking reports what it cannot parse
  }
  let problem: string | undefined;
  seqs(tree, (list) => {
    for (let a = 0; a < list.length && !problem; a++) {
      const left = list[a]!;
      if (!unbounded(left)) continue;
      for (let b = a + 1; b < list.length; b++) {
        const right = list[b]!;
        const rightRuns = unbounded(right) || (right.t === 'backref' && runsOn(right));
        const rightFirst = right.t === 'repeat' ? first(right.body) : first(right);
        if (rightRuns && overlaps(chars(left.body), rightFirst)) {
          problem = `adjacent quantifiers "${left.src}" and "${right.src}" can split the same text in many ways; this takes polynomial time on long lines`;
          break;
        }
        if (!nullable(right)) break;
      }
    }
  });
  // A lookaround whose body can run on is re-run from every position the regex tries:
  // n positions times n characters each.
  looks(tree, (look) => {
    if (!problem && runsOn(look.body)) problem = `the lookaround "${look.src}" can scan to the end of the text from every position; this takes polynomial time on long lines`;
  });
  return problem;
}
