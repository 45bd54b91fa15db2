import { resolve } from 'node:path';
import type { DoorIO } from '../scan/io.js';
import type { ScanOptions } from '../scan/options.js';
import { scanPaths } from '../scan/scan-paths.js';
import { scanHistory } from '../scan/scan-history.js';
import type { ScanResult } from '../scan/result.js';
import { escapeData } from '../report/github.js';

/** What to read: the files under a folder, or the blobs of a set of commits (`undefined`: all history). */
export type ScanTarget = { kind: 'tree'; folder: string } | { kind: 'git'; revisions?: string[] };

/**
 * Runs one scan for the action through the shared scan layer: the config, allowlists and
 * baseline of `options`, files or commits. Reported paths are relative to `root` (the
 * workspace, or the repository for history), so annotations and code scanning find them.
 */
export async function scanForAction(target: ScanTarget, root: string, options: ScanOptions, io: Pick<DoorIO, 'stdout'>): Promise<ScanResult> {
  // Each warning is a `::warning` annotation, so the run's page shows it (a shallow clone, a
  // skipped submodule), escaped: a quoted path's line break must not start a workflow command
  // of its own (the runner reads commands on stderr as well as stdout, and ends lines at CR too).
  const warn = (m: string) => io.stdout.write(`::warning title=keylint::${escapeData(m)}\n`);
  const scan = { ...options, cwd: root, warn };
  if (target.kind === 'tree') return scanPaths([resolve(root, target.folder)], { ...scan, root });
  return scanHistory(root, { ...scan, ...(target.revisions && { revisions: [target.revisions] }) });
}
