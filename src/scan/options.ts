import type { FailOn, FailOnConfidence } from '../config/schema.js';
import type { VerifyArgs } from './verify-options.js';

/** What any scan accepts from a caller (the CLI, the Action, a program); every field is optional. */
export interface ScanOptions {
  /** Folder relative paths (config, baseline, scan paths) are resolved from (default: process.cwd()). */
  cwd?: string;
  /** Config file; default: the nearest .keylint.toml at or above the scan root. */
  config?: string;
  /** Baseline file: findings recorded in it are not reported (default: the config's baseline, if any). */
  baseline?: string;
  /** False ignores any baseline, the config's included (for recording a new one). */
  useBaseline?: boolean;
  /** Honor keylint:allow and other tools' inline markers (default true). */
  inlineIgnores?: boolean;
  /** What makes `exitCode` 1 (default: the config's failOn, else `secret`). */
  failOn?: FailOn;
  /** The lowest confidence that can make `exitCode` 1 (default: the config's failOnConfidence, else `medium`). */
  failOnConfidence?: FailOnConfidence;
  /** Only paths matching one of these globs (relative to the scan root); default: the config's [files] include. */
  include?: string[];
  /** Paths matching these globs are skipped, as well as the config's [files] exclude. */
  exclude?: string[];
  /** Skip files larger than this: bytes, or a size such as `512KB` (default: the config's, else 10MB). */
  maxFileSize?: number | string;
  /** Threads for big scans, this one included (default: one per core; 1 scans on this thread only). */
  threads?: number;
  /** Files larger than this many bytes are scanned in overlapping pieces (default 64 MB; at least 65536). */
  pieceBytes?: number;
  /** Where notes go (a skipped submodule, an ignored folder, a shallow clone); default: dropped. */
  warn?: (message: string) => void;
  /** Called as units are scanned: `total` is how many there are, when known up front. */
  onProgress?: (progress: { files: number; bytes: number; total: number }) => void;
  /** Ask providers whether findings work (off unless this or the config's [verify] turns it on); see docs/verify.md. */
  verify?: ScanVerifyOptions;
}

/** Verification options of a scan: the flags, where answers are cached, and where the "will contact" notice goes. */
export interface ScanVerifyOptions extends VerifyArgs {
  /** Folder for the fingerprint-keyed answer cache; no cache when unset. */
  cacheDir?: string;
  /** Where the one-line notice of the hosts contacted goes (default: dropped). */
  log?: (line: string) => void;
}

/** Scan options after the config is merged in: what the sources and the pipeline read. */
export interface ResolvedScanOptions {
  include: string[] | undefined;
  exclude: string[] | undefined;
  maxFileSize: number;
  failOn: FailOn;
  failOnConfidence: FailOnConfidence;
  inlineIgnores: boolean;
  /** Absolute path of the baseline to apply, if any. */
  baseline: string | undefined;
  threads: number | undefined;
  warn: (message: string) => void;
}
