import { classify } from './classify.js';
import { encodedValues, kubernetesSecretValues, unescapeNotebook, type DerivedChunk } from './derived/index.js';
import { confidenceOf } from './confidence.js';
import { matchContext } from './context.js';
import { notACredentialReason } from './false-alarms.js';
import { shannonEntropy } from './entropy.js';
import { attachSecret, secretFacts } from './finding-secret.js';
import { LineIndex } from './line-index.js';
import { dressedUpSecretWord, identifierLike, placeholderReason } from './placeholders.js';
import { KeywordPrefilter } from './prefilter.js';
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

/** Runs a rule set over chunks of text. Pure: no I/O, deterministic. */
export class Scanner {
  private readonly prefilter: KeywordPrefilter;
  private readonly order: Map<CompiledRule, number>;
  private readonly genericIds: ReadonlySet<string>;

  constructor(readonly rules: readonly CompiledRule[]) {
    this.prefilter = new KeywordPrefilter(rules);
    this.order = new Map(rules.map((r, i) => [r, i]));
    this.genericIds = new Set(rules.filter((r) => r.generic).map((r) => r.id));
  }

  /** Every rule match in the chunk with the reason it was kept or dropped. */
  candidates(chunk: Chunk): Candidate[] {
    const out: Candidate[] = [];
    for (const rule of this.prefilter.select(chunk.text, this.order)) {
      if (rule.path && !rule.path.test(chunk.path)) continue;
      if (rule.allowlist.paths.some((p) => p.test(chunk.path))) continue;
      const re = rule.regex;
      re.lastIndex = 0;
      for (let m = re.exec(chunk.text); m; m = re.exec(chunk.text)) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        const span = m.indices?.[rule.secretGroup];
        const secret = m[rule.secretGroup];
        if (!span || secret === undefined || secret.length === 0) continue;
        out.push(this.judge(rule, secret, span[0], span[1], m[0], chunk, m.index));
      }
    }
    return out;
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
        placeholderReason(secret) ?? (rule.generic ? (genericSampleReason(secret, chunk, matchStart) ?? notACredentialReason(secret, chunk.path, chunk.text, start)) : undefined);
      if (placeholder) c.rejected = placeholder;
      else if (rule.validate) {
        c.validation = VALIDATORS[rule.validate]!(secret);
        if (!c.validation.valid) c.rejected = c.validation.note ?? `fails ${rule.validate}`;
      }
    }
    return c;
  }

  /** Findings in one chunk, after rejection, overlap resolution and classification. */
  scan(chunk: Chunk): Finding[] {
    const lines = new LineIndex(chunk.text);
    const notebook = unescapeNotebook(chunk);
    const findings = notebook
      ? this.scanMapped(chunk, notebook.chunk, lines, (s, e) => [notebook.toOriginal(s), notebook.toOriginal(e)])
      : resolveOverlaps(this.candidates(chunk)).map((c) => this.toFinding(chunk, c, lines));
    const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
    const mapped = (d: DerivedChunk) => this.scanMapped(chunk, d.chunk, lines, () => [d.origin.start, d.origin.end], d.note, d.decoded);
    const manifestValues = kubernetesSecretValues(chunk);
    const fromManifest = manifestValues.flatMap(mapped);
    // Values decoded elsewhere yield to a provider rule that matched the encoded text itself
    // (a kubeconfig's base64 client key): it already names what the value is.
    const fromEncodings = encodedValues(chunk, (text) => this.prefilter.hasKeyword(text))
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
    const context = matchContext(chunk.text, c.start);
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
        confidence: confidenceOf({ rule: c.rule, secret: c.secret, path: chunk.path, text: chunk.text, start: c.start, validation: c.validation, weak: c.weak }),
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
        name: context.name,
      },
      c.secret,
    );
  }
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
