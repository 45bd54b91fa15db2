import type { Confidence, Kind, Severity } from '../engine/index.js';

/** A repository to scan: a stable name (owner/repo, or the path's folder name) and where to clone it from. */
export interface RepoRef {
  name: string;
  /** A clone URL or a local path. */
  url: string;
  /** Size in KB when the listing knew it (GitHub's `size`), to refuse huge repositories before cloning. */
  sizeKb?: number;
}

/** One job on the queue: a repository within a run. */
export interface OrgJob {
  runId: number;
  repo: RepoRef;
}

/** What is kept of a secret: never the value, only its fingerprint and redaction. */
export interface StoredSecret {
  fingerprint: string;
  ruleId: string;
  provider: string;
  title: string;
  kind: Kind;
  severity: Severity;
  confidence: Confidence;
  redacted: string;
  reason: string;
  docs?: string;
  /** The verification status (`verified`, `invalid`, `unknown`, `error`), when the worker verified. */
  verification?: string;
}

/** One place a secret was seen: a file at a commit. */
export interface StoredLocation {
  fingerprint: string;
  commit: string;
  file: string;
  line: number;
  column: number;
  author?: string;
  date?: string;
  inHead?: boolean;
}

/** What a finished repository scan records beside its findings. */
export interface RepoScanOutcome {
  tips: string[];
  attempt: number;
  blobs: number;
  bytes: number;
  durationMs: number;
  incremental: boolean;
}
