import type { Argv } from 'yargs';
import { Scanner, type Finding } from '../../engine/index.js';
import { loadBuiltinRules } from '../../config/load-rules.js';
import { EXIT_CLEAN, EXIT_FINDINGS, type CliIO } from '../io.js';
import type { FindingFilter } from '../pipeline.js';

// Config, allowlists, inline ignores and baselines plug in here.
export type FilterArgs = object;

export interface ScanSetup {
  scanner: Scanner;
  filters: FindingFilter[];
}

/** Options that choose rules and silence findings: shared by every scanning command. */
export function filterOptions<T>(y: Argv<T>): Argv<T & FilterArgs> {
  return y as unknown as Argv<T & FilterArgs>;
}

/** Builds the scanner and finding filters for a scan rooted at `root`. */
export async function scanSetup(_args: FilterArgs, _io: CliIO, _root: string): Promise<ScanSetup> {
  const { rules } = loadBuiltinRules();
  return { scanner: new Scanner(rules), filters: [] };
}

/** The exit code a run's findings call for: 1 when any secret remains. */
export function exitCodeFor(findings: readonly Finding[], _args: FilterArgs): number {
  return findings.some((f) => f.kind === 'secret') ? EXIT_FINDINGS : EXIT_CLEAN;
}
