import { documentationJwtReason } from './classification/jwt-issuer.js';
import { classify } from './classify.js';
import { encodedValues, kubernetesSecretValues, unescapeNotebook, type DerivedChunk } from './derived/index.js';
import { confidenceOf } from './confidence.js';
import { matchContext } from './context.js';
import { notACredentialReason } from './false-alarms.js';
import { shannonEntropy } from './entropy.js';
import { attachSecret, detached, secretFacts } from './finding-secret.js';
import { LineIndex } from './line-index.js';
import { dressedUpSecretWord, identifierLike, placeholderReason } from './placeholders.js';
import { KeywordPrefilter, type KeywordPositions, type LoopTables } from './prefilter.js';
import { regexSpan, type RegexSpan } from './regex-span.js';
import { HitIndex, lineWindows } from './windows.js';
import type { Chunk, CompiledRule, Finding, Validation } from './types.js';
import { VALIDATORS } from './validators/index.js';

/** A regex match a rule produced, before it is accepted or rejected. */
export interface Candidate {
  rule: CompiledRule;
  secret: string;
  start: number;
  end: number;
  /** Why the candidate was dropped; undefined if it stands. */
  rejected?: string;
  validation?: Validation;
  entropy: number;
  /** Under the entropy floor, kept at the rule's weakConfidence (a weak password in a credential context). */
  weak?: boolean;
}

// Shorter values are not credentials even when weak ones are reported.
const MIN_WEAK_LENGTH = 6;

// No single credential is longer than this; longer captures are runaway matches.
const MAX_SECRET_LENGTH = 16384;

// Below this length every selected rule searches the whole text: planning windows would
// cost more than it saves, and a pre-commit hook's few small files never need the regex
// parser that works out spans.
const WINDOWS_FROM_LENGTH = 16 * 1024;
// Windows covering more than this share of a text: one search of the whole text is cheaper.
const WHOLE_TEXT_SHARE = 0.5;
// Trying a regex at one position costs about as much as searching this many characters of
// a whole text: past that share, one search of the whole text is cheaper.
const STICKY_COST = 40;
// Windows closer than this are searched as one: a regex call costs about as much as
// searching a few hundred characters.
const MERGE_GAP = 256;

/** Runs a rule set over chunks of text. Pure: no I/O, deterministic. */
/** A rule whose regex was stopped on a chunk (it overran its time budget): the chunk may hide a match. */
export interface RegexOverrun {
  ruleId: string;
  path: string;
}

// A custom rule's regex may run under a watchdog (src/rules/guarded-regex.ts) that counts
// the texts it was stopped on; such a regex is searched over the whole text only, since
// windows would copy it into a sticky RegExp that no watchdog guards.
const overrunCount = (re: RegExp): number | undefined => (re as RegExp & { overruns?: number }).overruns;

export class Scanner {
  private overruns: RegexOverrun[] = [];
  private readonly prefilter: KeywordPrefilter;
  private readonly genericIds: ReadonlySet<string>;
  private readonly keywordCount: number;
  private readonly selected: Uint8Array;

  /**
   * `windows: false` searches whole texts, the reference the benchmark checks windows
   * against; `windowsFrom` (characters) moves the size from which texts are windowed;
   * `decode: false` leaves encoded values undecoded (the benchmark's floor for decoding).
   */
  constructor(
    readonly rules: readonly CompiledRule[],
    private readonly options: { windows?: boolean; windowsFrom?: number; decode?: boolean } = {},
  ) {
    this.prefilter = new KeywordPrefilter(rules);
    this.genericIds = new Set(rules.filter((r) => r.generic).map((r) => r.id));
    this.keywordCount = this.prefilter.lengthOf.length;
    this.selected = new Uint8Array(rules.length);
  }

  /**
   * Every rule match in the chunk with the reason it was kept or dropped. `positions`: the
   * keyword occurrences a KeywordLoop over `keywordTables` found in the chunk's bytes already.
   */
  candidates(chunk: Chunk, positions?: KeywordPositions): Candidate[] {
    const out: Candidate[] = [];
    const { text } = chunk;
    const pf = this.prefilter;
    const hits = positions ? pf.adopt(text, positions) : pf.find(text, chunk.utf8);
    const windowed = this.options.windows !== false && text.length >= (this.options.windowsFrom ?? WINDOWS_FROM_LENGTH);
    let index: HitIndex | undefined;
    // Rules to run, marked from the keywords present (a text holds few of them), then taken in rule order.
    const run = this.selected.fill(0);
    for (const r of pf.always) run[r] = 1;
    for (let id = 0; id < hits.present.length; id++) if (hits.present[id] === 1) for (const r of pf.rulesOf[id]!) run[r] = 1;
    for (let r = 0; r < this.rules.length; r++) {
      if (run[r] === 0) continue;
      const own = pf.keywordsOf[r]!;
      const rule = this.rules[r]!;
      if (rule.path && !rule.path.test(chunk.path)) continue;
      if (rule.allowlist.paths.some((p) => p.test(chunk.path))) continue;
      const stoppedBefore = overrunCount(rule.regex);
      if (stoppedBefore !== undefined) {
        this.search(rule, chunk, 0, text.length, text, out);
        if (overrunCount(rule.regex)! > stoppedBefore) this.overruns.push({ ruleId: rule.id, path: chunk.path });
        continue;
      }
      const span = windowed && own.length ? spanOf(rule) : undefined;
      // Needles worked out after the prefilter was built have no positions: search the whole text.
      const near = span?.needles && !pf.needlesIndexed[r] ? undefined : pf.windowIdsOf[r];
      if (!span || !span.keywordInMatch || !near || near.some((id) => !pf.positioned(id))) {
        this.search(rule, chunk, 0, text.length, text, out);
        continue;
      }
      const bounded = span.maxLength !== Infinity && span.reach !== Infinity;
      index ??= new HitIndex(hits, this.keywordCount);
      if (!bounded && span.keywordOffset === Infinity) {
        const { windows, covered } = span.lineBound ? lineWindows(text, index.startsOf(near)) : { windows: [], covered: Infinity };
        if (covered > text.length * WHOLE_TEXT_SHARE) this.search(rule, chunk, 0, text.length, text, out);
        else this.searchLines(rule, chunk, windows, out);
        continue;
      }
      if (bounded) {
        const { ranges, covered } = index.ranges(near, pf.lengthOf, span, Math.max(MERGE_GAP, span.reach));
        if (covered > text.length * WHOLE_TEXT_SHARE) this.search(rule, chunk, 0, text.length, text, out);
        else this.searchRanges(rule, chunk, ranges, span.reach, out);
      } else {
        const { ranges, covered } = index.ranges(near, pf.lengthOf, span, 0);
        if (covered * STICKY_COST > text.length) this.search(rule, chunk, 0, text.length, text, out);
        else this.searchAt(rule, chunk, ranges, out);
      }
    }
    return out;
  }

  /** The rules stopped on a chunk since the last call (each may have hidden a match), and forgets them. */
  takeOverruns(): RegexOverrun[] {
    const out = this.overruns;
    this.overruns = [];
    return out;
  }

  /**
   * A bounded rule's matches starting in the ranges: each range is searched in a prefix
   * of the text that ends `reach` past it. A match starting at or before the range's end
   * reads no further, so cutting the text there changes none of them, and it keeps the
   * search from running on to the end of the text.
   */
  private searchRanges(rule: CompiledRule, chunk: Chunk, ranges: readonly number[], reach: number, out: Candidate[]): void {
    const { text } = chunk;
    let from = 0;
    for (let i = 0; i < ranges.length; i += 2) {
      const last = ranges[i + 1]!;
      if (last < from) continue;
      const cut = Math.min(text.length, last + reach + 1);
      from = this.search(rule, chunk, Math.max(ranges[i]!, from), last, cut === text.length ? text : text.slice(0, cut), out);
    }
  }

  /** A line-bound rule's matches in its line windows (lineWindows): [from, last, cut] triples. */
  private searchLines(rule: CompiledRule, chunk: Chunk, windows: readonly number[], out: Candidate[]): void {
    const { text } = chunk;
    let from = 0;
    for (let i = 0; i < windows.length; i += 3) {
      const last = windows[i + 1]!;
      if (last < from) continue;
      const cut = windows[i + 2]!;
      from = this.search(rule, chunk, Math.max(windows[i]!, from), last, cut === text.length ? text : text.slice(0, cut), out);
    }
  }

  /**
   * An unbounded rule's matches starting in the ranges: the regex is tried (sticky) at
   * each position, in order, skipping what a match already covered, as a search of the
   * whole text would. The ranges are narrow (the keyword sits near the match's start).
   */
  private searchAt(rule: CompiledRule, chunk: Chunk, ranges: readonly number[], out: Candidate[]): void {
    const { text } = chunk;
    const re = stickyOf(rule);
    let end = 0;
    for (let i = 0; i < ranges.length; i += 2) {
      const last = ranges[i + 1]!;
      for (let at = Math.max(ranges[i]!, end); at <= last; at++) {
        re.lastIndex = at;
        const m = re.exec(text);
        if (!m || m[0].length === 0) continue;
        end = re.lastIndex;
        const span = m.indices?.[rule.secretGroup];
        const secret = m[rule.secretGroup];
        if (span && secret !== undefined && secret.length > 0) out.push(this.judge(rule, secret, span[0], span[1], m[0], chunk, m.index));
        at = end - 1;
      }
    }
  }

  /**
   * Collects the rule's matches in `subject` (the chunk's text or a prefix of it) that
   * start in [from, last]; returns where the last one ended (the next search starts there,
   * as one search of the whole text would).
   */
  private search(rule: CompiledRule, chunk: Chunk, from: number, last: number, subject: string, out: Candidate[]): number {
    const re = rule.regex;
    re.lastIndex = from;
    let end = from;
    for (let m = re.exec(subject); m; m = re.exec(subject)) {
      if (m.index > last) break;
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      end = re.lastIndex;
      const span = m.indices?.[rule.secretGroup];
      const secret = m[rule.secretGroup];
      if (span && secret !== undefined && secret.length > 0) out.push(this.judge(rule, secret, span[0], span[1], m[0], chunk, m.index));
      if (end > last) break;
    }
    return end;
  }

  private judge(rule: CompiledRule, secret: string, start: number, end: number, whole: string, chunk: Chunk, matchStart: number): Candidate {
    const entropy = shannonEntropy(secret);
    const c: Candidate = { rule, secret, start, end, entropy };
    if (secret.length > MAX_SECRET_LENGTH) c.rejected = 'longer than any credential';
    else if (rule.entropy !== undefined && entropy < entropyFloor(rule, secret) && !(rule.weakConfidence && secret.length >= MIN_WEAK_LENGTH))
      c.rejected = `entropy ${entropy.toFixed(2)} below ${entropyFloor(rule, secret).toFixed(2)}`;
    else if (rule.allowlist.regexes.some((r) => r.test(secret) || r.test(whole))) c.rejected = 'allowlisted by the rule';
    else if (rule.allowlist.stopwords.some((w) => secret.toLowerCase().includes(w))) c.rejected = 'contains a stopword';
    else {
      if (rule.entropy !== undefined && entropy < entropyFloor(rule, secret)) c.weak = true;
      const placeholder =
        placeholderReason(secret) ??
        (rule.generic ? (genericSampleReason(secret, chunk, matchStart) ?? notACredentialReason(secret, chunk.path, chunk.text, start)) : undefined);
      if (placeholder) c.rejected = placeholder;
      else if (rule.validate) {
        c.validation = VALIDATORS[rule.validate]!(secret);
        if (!c.validation.valid) c.rejected = c.validation.note ?? `fails ${rule.validate}`;
        else c.rejected = documentationJwtReason(c.validation.claims);
      }
    }
    return c;
  }

  /** The tables of the keyword loop, for a thread that finds keyword positions ahead of this scanner (KeywordLoop.revive). */
  get keywordTables(): LoopTables {
    return this.prefilter.loopTables;
  }

  /**
   * Findings in one chunk, after rejection, overlap resolution and classification.
   * `positions`: the keyword occurrences in the chunk's bytes, when another thread found
   * them already (a KeywordLoop over `keywordTables`, KeywordLoop.positionsIn).
   */
  scan(chunk: Chunk, positions?: KeywordPositions): Finding[] {
    const lines = new LineIndex(chunk.text);
    const notebook = unescapeNotebook(chunk);
    const findings = notebook
      ? this.scanMapped(chunk, notebook.chunk, lines, (s, e) => [notebook.toOriginal(s), notebook.toOriginal(e)])
      : resolveOverlaps(this.candidates(chunk, positions)).map((c) => this.toFinding(chunk, c, lines));
    const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
    const mapped = (d: DerivedChunk) => this.scanMapped(chunk, d.chunk, lines, () => [d.origin.start, d.origin.end], d.note, d.decoded);
    const manifestValues = kubernetesSecretValues(chunk);
    const fromManifest = manifestValues.flatMap(mapped);
    // Values decoded elsewhere yield to a provider rule that matched the encoded text itself
    // (a kubeconfig's base64 client key): it already names what the value is.
    const encoded = this.options.decode === false ? [] : encodedValues(chunk, (text) => this.prefilter.hasKeyword(text));
    const fromEncodings = encoded
      .filter((d) => !manifestValues.some((m) => overlaps(m.origin, d.origin)))
      .flatMap(mapped)
      .filter((d) => !findings.some((f) => !this.genericIds.has(f.ruleId) && overlaps(f, d)));
    const derived = [...fromManifest, ...fromEncodings];
    if (derived.length === 0) return findings;
    // What an encoded value holds replaces the matches on its encoded text (outside a manifest,
    // only generic ones are left to replace by now).
    const covered = (f: Finding) => derived.some((d) => overlaps(f, d));
    return [...findings.filter((f) => !covered(f)), ...derived].sort((a, b) => a.start - b.start);
  }

  /** Findings in text derived from a chunk, with positions mapped back to the original chunk. */
  private scanMapped(
    original: Chunk,
    derived: Chunk,
    lines: LineIndex,
    toOriginal: (start: number, end: number) => [number, number],
    note?: string,
    decoded?: string[],
  ): Finding[] {
    const inner = new LineIndex(derived.text);
    return resolveOverlaps(this.candidates(derived)).map((c) => {
      const f = this.toFinding(derived, c, inner);
      const [start, end] = toOriginal(f.start, f.end);
      const from = lines.position(start);
      const to = lines.position(end);
      Object.assign(f, { file: original.path, start, end, line: from.line, column: from.column, endLine: to.line, endColumn: to.column });
      if (note) f.reason = `${f.reason} (${note})`;
      if (decoded) f.decoded = decoded.join(', ');
      return f;
    });
  }

  private toFinding(chunk: Chunk, c: Candidate, lines: LineIndex): Finding {
    const context = matchContext(chunk.text, c.start, chunk.path);
    const { kind, severity, reason } = classify({ rule: c.rule, path: chunk.path, text: chunk.text, context, claims: c.validation?.claims });
    const from = lines.position(c.start);
    const to = lines.position(c.end);
    return attachSecret(
      {
        ruleId: c.rule.id,
        provider: c.rule.provider,
        title: c.rule.title,
        kind,
        severity,
        confidence: confidenceOf({
          rule: c.rule,
          secret: c.secret,
          path: chunk.path,
          text: chunk.text,
          start: c.start,
          validation: c.validation,
          weak: c.weak,
        }),
        file: chunk.path,
        line: from.line,
        column: from.column,
        endLine: to.line,
        endColumn: to.column,
        start: c.start,
        end: c.end,
        ...secretFacts(c.rule.id, c.secret, c.entropy),
        reason,
        docs: c.rule.docs,
        name: context.name && detached(context.name),
      },
      c.secret,
    );
  }
}

const stickies = new WeakMap<CompiledRule, RegExp>();
/** The rule's regex, sticky: it matches at `lastIndex` or not at all. */
function stickyOf(rule: CompiledRule): RegExp {
  let re = stickies.get(rule);
  if (!re) stickies.set(rule, (re = new RegExp(rule.regex.source, rule.regex.flags.replace('g', '') + 'y')));
  return re;
}

/** The rule's span, worked out once (built-in rules bring it from the build); none for RE2-guarded regexes. */
function spanOf(rule: CompiledRule): RegexSpan | undefined {
  if (rule.regex.constructor !== RegExp) return undefined;
  return (rule.span ??= regexSpan(rule.regex, rule.keywords, rule.anchor));
}

function entropyFloor(rule: CompiledRule, secret: string): number {
  const floor = rule.entropy ?? 0;
  return rule.relativeEntropy === undefined ? floor : Math.min(floor, rule.relativeEntropy * Math.log2(secret.length));
}

/**
 * One finding per place: a rejected specific match (a token with a bad checksum)
 * still claims its span, so a generic rule cannot report the same text; among
 * overlapping accepted matches, specific rules beat generic ones, a match proven by a
 * validator (checksum, JWT structure) beats one that is not, and longer spans win.
 */
export function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  // Only candidates in one run of transitively overlapping spans can affect each other,
  // so the pairwise comparison runs per cluster, not over the whole file.
  const sorted = [...candidates].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Candidate[] = [];
  let cluster: Candidate[] = [];
  let clusterEnd = -1;
  for (const c of sorted) {
    if (cluster.length && c.start >= clusterEnd) {
      out.push(...resolveCluster(cluster));
      cluster = [];
    }
    cluster.push(c);
    clusterEnd = Math.max(clusterEnd, c.end);
  }
  out.push(...resolveCluster(cluster));
  return out.sort((a, b) => a.start - b.start);
}

function resolveCluster(candidates: Candidate[]): Candidate[] {
  const claims = candidates.filter((c) => !c.rule.generic);
  const accepted = candidates.filter((c) => !c.rejected);
  const overlaps = (a: Candidate, b: Candidate) => a.start < b.end && b.start < a.end;
  const proven = (c: Candidate) => c.validation?.valid === true;
  const better = (a: Candidate, b: Candidate) => {
    if (a.rule.generic !== b.rule.generic) return !a.rule.generic;
    if (proven(a) !== proven(b)) return proven(a);
    // A value that passed its entropy floor beats the same text kept only as a weak password.
    if (!!a.weak !== !!b.weak) return !a.weak;
    if ((a.rule.confidence === 'low') !== (b.rule.confidence === 'low')) return b.rule.confidence === 'low';
    return a.end - a.start > b.end - b.start;
  };
  const out: Candidate[] = [];
  for (const c of accepted) {
    if (c.rule.generic && claims.some((s) => s !== c && overlaps(s, c))) continue;
    if (accepted.some((o) => o !== c && overlaps(o, c) && better(o, c))) continue;
    // Same span, same standing: keep the first rule in load order.
    if (out.some((o) => overlaps(o, c))) continue;
    out.push(c);
  }
  return out;
}

// Source code and documentation, where a generic match is often a sample or a constant's
// name; credential and config files (dotfiles, .env, .ini, .netrc…) are not in this list.
const SOURCE_OR_DOCS = /\.(?:[cm]?[jt]sx?|py|rb|go|java|kt|cs|php|rs|swift|scala|md|mdx|rst|adoc)$/i;

/** Why a generic rule's match is not a credential, beyond the placeholders every rule rejects. */
function genericSampleReason(secret: string, chunk: Chunk, matchStart: number): string | undefined {
  if (identifierLike(secret)) return 'spelled like a code identifier';
  if (SOURCE_OR_DOCS.test(chunk.path) && dressedUpSecretWord(secret)) return 'the word "secret" or "password" dressed up, a sample in code or docs';
  // `AWS::IAM::AccessKey`: the secret-ish word ends a namespaced type name, not a variable's.
  if (/::\w*$/.test(chunk.text.slice(Math.max(0, matchStart - 80), matchStart))) return 'named by a namespaced type, not a variable';
  return undefined;
}
