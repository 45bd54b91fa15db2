import { resolve } from 'node:path';
import { openRepo } from '../sources/git/git.js';
import { prepareStagedScan, readStagedChange } from '../sources/git/staged.js';
import { pathFilter } from '../sources/path-filter.js';
import { emptySkips } from '../sources/types.js';
import type { ScanOptions } from './options.js';
import { runPipeline } from './pipeline.js';
import { finishScan, type ScanResult } from './result.js';
import { worktreeConfigFiles } from './folder-configs.js';
import { scanSetup, withFolderConfigs } from './setup.js';

/** Options of a scan of the staged changes. */
export interface StagedScanOptions extends ScanOptions {
  /** Report secrets anywhere in staged files, not only on the lines the commit adds (default false). */
  allLines?: boolean;
}

/** Scans what is staged for commit in the repository holding `repoDir` (the index, not the working tree); never prints or exits. */
export async function scanStaged(repoDir: string, options: StagedScanOptions = {}): Promise<ScanResult> {
  const cwd = options.cwd ?? process.cwd();
  const dir = resolve(cwd, repoDir);
  const repo = await openRepo(dir, repoDir);
  // git reads the index and lists the folder configs while the rules compile: a hook waits on every millisecond.
  const change = readStagedChange(repo.top, options.allLines);
  const nested = worktreeConfigFiles(repo.top);
  const setup = withFolderConfigs(scanSetup({ ...options, cwd }, repo.top), await nested, repo.top, cwd);
  const { include, exclude, maxFileSize, threads, warn } = setup.options;
  const skipped = emptySkips();
  const prepared = await prepareStagedScan({
    repo,
    change,
    keepPath: pathFilter(include, exclude),
    maxFileSize,
    skipped,
    scanner: setup.scanner,
  });
  const onProgress = options.onProgress;
  try {
    const report = await runPipeline(prepared.source, {
      scanner: setup.scanner,
      observe: prepared.observe,
      filters: setup.filters,
      skipped,
      warn,
      threads,
      onProgress: onProgress && ((done) => onProgress({ ...done, total: prepared.files })),
    });
    return await finishScan(report, setup, options, repo.top);
  } finally {
    await prepared.close();
  }
}
