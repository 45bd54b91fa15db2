import { resolve } from 'node:path';
import { openRepo } from '../sources/git/git.js';
import { pathFilter } from '../sources/path-filter.js';
import { emptySkips } from '../sources/types.js';
import { SCAN_DEFAULTS } from './defaults.js';
import { prepareHistoryScan } from './history.js';
import type { ScanOptions } from './options.js';
import { runPipeline } from './pipeline.js';
import { finishScan, type ScanResult } from './result.js';
import { chosenRevisions, type RevisionChoice } from './revisions.js';
import { worktreeConfigFiles } from './folder-configs.js';
import { scanSetup, withFolderConfigs } from './setup.js';
import { VERSION } from './version.js';

/** Options of a scan of git history. */
export interface HistoryScanOptions extends ScanOptions, RevisionChoice {
  /** How the repository is named in messages (default: `repoDir` as given). */
  label?: string;
  /** Revision sets to walk, each one `git log` run (a push's ranges); wins over `range` and `branch`. */
  revisions?: string[][];
  /** Only commits newer than this date (as `git log --since` takes it). */
  since?: string;
  /** Only the newest N commits. */
  maxCount?: number;
  /** Read and update the blob cache under .git/keylint/ (default true). */
  cache?: boolean;
}

/**
 * Scans every unique blob in a repository's history (all branches, tags and HEAD unless
 * `range`, `branch` or `revisions` narrow it); findings carry commit, author, email, date
 * and inHead. Never prints or exits.
 */
export async function scanHistory(repoDir: string, options: HistoryScanOptions = {}): Promise<ScanResult> {
  const cwd = options.cwd ?? process.cwd();
  const dir = resolve(cwd, repoDir);
  const label = options.label ?? repoDir;
  // `.` names nothing in "not a git repository": the error names the folder instead.
  const repo = await openRepo(dir, label === '.' ? dir : label);
  const setup = withFolderConfigs(scanSetup({ ...options, cwd }, repo.top), await worktreeConfigFiles(repo.top), repo.top, cwd);
  const revisions = options.revisions ?? (await chosenRevisions(repo.top, options));
  const { include, exclude, maxFileSize, warn, threads } = setup.options;
  const skipped = emptySkips();
  const prepared = await prepareHistoryScan({
    dir,
    label: options.label,
    revisions,
    since: options.since,
    maxCount: options.maxCount,
    keepPath: pathFilter(include, exclude),
    maxFileSize,
    skipped,
    cache: options.cache ?? SCAN_DEFAULTS.cache,
    scanner: setup.scanner,
    version: VERSION,
    warn,
  });
  const onProgress = options.onProgress;
  try {
    const report = await runPipeline(prepared.source, {
      scanner: setup.scanner,
      observe: prepared.observe,
      filters: setup.filters,
      skipped,
      annotate: prepared.annotate,
      warn,
      threads,
      onProgress: onProgress && ((done) => onProgress({ ...done, total: prepared.blobs })),
    });
    // A copy of a blob at another path is kept only if that path's filters keep it (the text is the blob's, already checked).
    await prepared.finish(report.findings, (f) => setup.filters.every((keep) => keep(f, { path: f.file, text: '' })));
    return await finishScan(report, setup, options, repo.top);
  } finally {
    await prepared.close();
  }
}

/** Scans only the commits in `range` (`A..B`: reachable from B, not from A), as a pull request check does. */
export async function scanRange(repoDir: string, range: string, options: Omit<HistoryScanOptions, 'range' | 'branch' | 'revisions'> = {}): Promise<ScanResult> {
  return scanHistory(repoDir, { ...options, range });
}
