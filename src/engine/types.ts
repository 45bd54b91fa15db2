import type { RegexSpan } from './regex-span.js';

/** Whether a value is a credential to protect or an identifier meant to ship to clients. */
export type Kind = 'secret' | 'publishable';
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export type Confidence = 'high' | 'medium' | 'low';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** A condition under which a match is classified differently from the rule's default kind. */
export interface ClassifyWhen {
  kind?: Kind;
  severity?: Severity;
  reason: string;
  /** Regex tested against the name the value is assigned to (`STRIPE_KEY` in `STRIPE_KEY=...`). */
  name?: RegExp;
  /** Regex tested against the lines around the match (object literals, HTML tags). */
  context?: RegExp;
  /** Regex tested against the match's own line. */
  line?: RegExp;
  /** Regex tested against the file path (posix, relative to the scan root). */
  path?: RegExp;
  /** Exact claim values a validator must have decoded (JWT payload). */
  claims?: Record<string, string>;
}

/** A rule ready to run: regexes compiled, defaults filled in. */
export interface CompiledRule {
  id: string;
  provider: string;
  title: string;
  kind: Kind;
  severity: Severity;
  /** Global regex (flags include `g` and `d`). */
  regex: RegExp;
  secretGroup: number;
  /** Lower-cased keywords; with no keyword and no anchor the rule runs on every text. */
  keywords: string[];
  /** A structural anchor the prefilter finds like a keyword (`.{6}.`, see anchor.ts). */
  anchor?: string;
  /**
   * How long a match can be and whether it always holds a keyword: lets the scanner run
   * the regex only around keyword hits. Built-in rules carry it from the build's rule
   * snapshot; otherwise the scanner works it out on first need.
   */
  span?: RegexSpan;
  entropy?: number;
  /** When set, the entropy floor is min(entropy, relativeEntropy × log2(length)). */
  relativeEntropy?: number;
  validate?: string;
  /** Only files whose path matches this regex are scanned by this rule. */
  path?: RegExp;
  docs?: string;
  reason: string;
  /** Generic rules yield to any specific rule that matched the same span. */
  generic: boolean;
  /** The highest confidence the rule's findings can have. */
  confidence?: Confidence;
  /** Values under the entropy floor are kept at this confidence instead of dropped. */
  weakConfidence?: Confidence;
  allowlist: { regexes: RegExp[]; stopwords: string[]; paths: RegExp[] };
  when: ClassifyWhen[];
  /** The file the rule came from, for error messages. */
  source: string;
}

/** A piece of text to scan and where it came from. */
export interface Chunk {
  /** Posix path relative to the scan root (or a label such as `<stdin>`). */
  path: string;
  text: string;
  /**
   * The bytes `text` was decoded from (UTF-8), when the source has them: the prefilter
   * reads them instead of a copy. Read only while scanning this chunk: a file source may
   * reuse the buffer for the next file.
   */
  utf8?: Uint8Array;
}

/** What a validator concluded about a candidate secret. */
export interface Validation {
  valid: boolean;
  /** Why the value was rejected, or what structure proved it. */
  note?: string;
  /** Decoded structured facts (JWT claims) for classification. */
  claims?: Record<string, unknown>;
}

/** One detected secret or publishable key. The raw value never leaves the engine except through `secret`, which reporters must not print. */
export interface Finding {
  ruleId: string;
  provider: string;
  title: string;
  kind: Kind;
  severity: Severity;
  confidence: Confidence;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Offsets into the chunk text: [start, end) of the secret. */
  start: number;
  end: number;
  fingerprint: string;
  redacted: string;
  entropy: number;
  reason: string;
  docs?: string;
  /** The name the value was assigned to, when one was found. */
  name?: string;
  /** The encodings undone to find the secret, outermost first (`base64`, `base64, hex`); absent for plain text. */
  decoded?: string;
  /** The raw secret, kept in memory for filters (baselines hash it); never serialized by reporters. */
  secret: string;
  commit?: string;
  author?: string;
  email?: string;
  date?: string;
  inHead?: boolean;
  /** What `--verify` learned from the provider; absent when the run did not verify. */
  verification?: Verification;
}

/** `verified` (the provider accepted it), `invalid` (rejected), `unknown` (no check, or an ambiguous answer), `error` (network, rate limit). */
export type VerificationStatus = 'verified' | 'invalid' | 'unknown' | 'error';

/** A provider's answer about one finding; `detail` never holds the secret. */
export interface Verification {
  status: VerificationStatus;
  detail?: string;
}
