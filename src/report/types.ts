import type { Finding } from '../engine/index.js';
import type { SkipCounts } from '../sources/types.js';

/** Everything a reporter may show about one run. Findings carry no raw secret in any enumerable field. */
export interface ScanReport {
  findings: Finding[];
  stats: {
    files: number;
    bytes: number;
    durationMs: number;
    rules: number;
    skipped: SkipCounts;
    /** Findings silenced by inline ignores, allowlists or a baseline. */
    suppressed: number;
  };
  /** The tool's name and version, for formats that record them. */
  tool: { name: string; version: string };
}

export interface ReportOptions {
  color: boolean;
  showPublishable: boolean;
}

/** A reporter turns a run into the text of one output format. */
export type Reporter = (report: ScanReport, options: ReportOptions) => string;
