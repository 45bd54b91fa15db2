import { resolve } from 'node:path';
import { loadBuiltinRules } from '../rules/load-rules.js';
import { openRepo } from '../sources/git/git.js';
import { CatFile } from '../sources/git/cat-file.js';
import { prepareStagedScan, readStagedChange } from '../sources/git/staged.js';
import { pathFilter } from '../sources/path-filter.js';
import { emptySkips } from '../sources/types.js';
import type { ScanOptions } from './options.js';
import { runPipeline } from './pipeline.js';
import { finishScan, type ScanResult } from './result.js';
import { configFilesOver } from './folder-configs.js';
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
  // A hook waits on every git process, so all of them start now, from `dir`, and run on other
  // cores while this thread compiles the built-in rules; only then does the scan need the top.
  const found = openRepo(dir, repoDir);
  const change = readStagedChange(dir, options.allLines);
  const reader = new CatFile(dir);
  found.catch(() => undefined);
  try {
    loadBuiltinRules();
    const repo = await found;
    const scan = scanSetup({ ...options, cwd }, repo.top);
    const staged = (await change).refs.map((r) => r.path);
    const setup = withFolderConfigs(scan, await configFilesOver(repo.top, staged, scan.config.path), repo.top, cwd);
    const { include, exclude, maxFileSize, threads, warn } = setup.options;
    const skipped = emptySkips();
    const prepared = await prepareStagedScan({
      repo,
      reader,
      change,
      keepPath: pathFilter(include, exclude),
      maxFileSize,
      skipped,
      scanner: setup.scanner,
    });
    const onProgress = options.onProgress;
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
    await reader.close();
  }
}
