import { resolve } from 'node:path';
import picomatch from 'picomatch';
import type { CliIO } from '../cli/io.js';
import { scanSetup, type FilterArgs } from '../scan/setup.js';
import { maxFileSizeOf, type SourceArgs } from '../cli/options/source.js';
import { fileUnits, runPipeline } from '../scan/pipeline.js';
import { VERSION } from '../scan/version.js';
import type { ScanReport } from '../report/index.js';
import { escapeData } from '../report/github.js';
import { listFiles } from '../sources/files.js';
import { prepareHistoryScan } from '../scan/history.js';
import { emptySkips } from '../sources/types.js';

export type ScanArgs = FilterArgs & SourceArgs;

/** What to read: the files under a folder, or the blobs of a set of commits (`undefined`: all history). */
export type ScanTarget = { kind: 'tree'; folder: string } | { kind: 'git'; revisions?: string[] };

/**
 * Runs one scan for the action through the same setup and pipeline as the CLI: the config,
 * allowlists and baseline of `args`, files via src/sources/files, commits via the history
 * scanner of src/sources/git. Reported paths are relative to `root` (the workspace), so
 * annotations and code scanning find them.
 */
export async function scanForAction(target: ScanTarget, root: string, args: ScanArgs, io: CliIO): Promise<ScanReport> {
  const setup = await scanSetup(args, { ...io, cwd: root }, root);
  const maxFileSize = maxFileSizeOf(args);
  const skipped = emptySkips();
  // Each warning is a `::warning` annotation, so the run's page shows it (a shallow clone, a
  // skipped submodule), escaped: a quoted path's line break must not start a workflow command
  // of its own (the runner reads commands on stderr as well as stdout, and ends lines at CR too).
  const warn = (m: string) => io.stdout.write(`::warning title=keylint::${escapeData(m)}\n`);
  if (target.kind === 'tree') {
    const options = { paths: [resolve(root, target.folder)], cwd: root, root, include: args.include, exclude: args.exclude, maxFileSize, warn, skipped };
    const files = await listFiles(options);
    return runPipeline(fileUnits(files), { scanner: setup.scanner, filters: setup.filters, skipped, read: options });
  }
  const include = args.include?.length ? picomatch(args.include, { dot: true }) : undefined;
  const exclude = args.exclude?.length ? picomatch(args.exclude, { dot: true }) : undefined;
  const history = await prepareHistoryScan({
    dir: root,
    ...(target.revisions && { revisions: [target.revisions] }),
    keepPath: (path) => (!include || include(path)) && !exclude?.(path),
    maxFileSize,
    skipped,
    scanner: setup.scanner,
    version: VERSION,
    warn,
  });
  try {
    const report = await runPipeline(history.source, { scanner: setup.scanner, observe: history.observe, filters: setup.filters, skipped, annotate: history.annotate });
    await history.finish(report.findings);
    return report;
  } finally {
    await history.close();
  }
}
