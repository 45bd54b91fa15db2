import { resolve } from 'node:path';
import { Writable, Readable } from 'node:stream';
import picomatch from 'picomatch';
import type { Argv } from 'yargs';
import { KeylintError } from '../../engine/index.js';
import type { ScanReport } from '../../report/index.js';
import { gitBuffer, openRepo, resolves } from '../../sources/git/git.js';
import { prepareHistoryScan } from '../../scan/history.js';
import { emptySkips } from '../../sources/types.js';
import type { CommandSpec } from '../command.js';
import type { CliIO } from '../io.js';
import { commonScanOptions, type CommonScanArgs } from '../options/index.js';
import { exitCodeFor, scanSetup, type ScanSetup } from '../../scan/setup.js';
import { emitReport } from '../options/output.js';
import { sendReport } from '../options/report-to.js';
import { maxFileSizeOf, sourceOptions, threadsOf, type SourceArgs } from '../options/source.js';
import { runPipeline } from '../../scan/pipeline.js';
import { printable } from '../../report/printable.js';
import { progressLine } from '../progress.js';
import { VERSION } from '../../scan/version.js';

export type HistoryArgs = CommonScanArgs &
  SourceArgs & { repo: string; branch?: string[]; since?: string; range?: string; maxCount?: number; cache: boolean };

/** The --include / --exclude globs (and the config's [files] table) as one path test. */
export function pathFilter(args: Pick<SourceArgs, 'include' | 'exclude'>): (path: string) => boolean {
  const include = args.include?.length ? picomatch(args.include, { dot: true }) : undefined;
  const exclude = args.exclude?.length ? picomatch(args.exclude, { dot: true }) : undefined;
  return (p) => (!include || include(p)) && !(exclude && exclude(p));
}

export interface GitHistoryScan {
  /** Any folder in the repository. */
  dir: string;
  label?: string;
  /** Revision sets to walk; unset: every branch, tag, remote branch and HEAD. */
  revisions?: string[][];
  since?: string;
  maxCount?: number;
  setup: ScanSetup;
  args: SourceArgs;
  cache?: boolean;
  io: Pick<CliIO, 'stderr' | 'env'>;
  progress?: boolean;
}

/** Runs a history scan through the shared pipeline: findings carry commit, author, email, date and inHead. */
export async function scanGitHistory(o: GitHistoryScan): Promise<ScanReport> {
  const skipped = emptySkips();
  const prepared = await prepareHistoryScan({
    dir: o.dir,
    label: o.label,
    revisions: o.revisions,
    since: o.since,
    maxCount: o.maxCount,
    keepPath: pathFilter(o.args),
    maxFileSize: maxFileSizeOf(o.args),
    skipped,
    cache: o.cache,
    scanner: o.setup.scanner,
    version: VERSION,
    warn: (m) => o.io.stderr.write(`keylint: note: ${printable(m)}\n`),
  });
  const progress = o.progress ? progressLine(o.io as CliIO) : undefined;
  const started = Date.now();
  try {
    const report = await runPipeline(prepared.source, {
      scanner: o.setup.scanner,
      observe: prepared.observe,
      filters: o.setup.filters,
      skipped,
      annotate: prepared.annotate,
      threads: threadsOf(o.args),
      onProgress: progress && (({ files, bytes }) => progress.update(progressText(files, prepared.blobs, bytes, Date.now() - started))),
    });
    progress?.done();
    await prepared.finish(report.findings);
    return report;
  } finally {
    await prepared.close();
  }
}

function progressText(done: number, total: number, bytes: number, ms: number): string {
  const rate = done / Math.max(ms / 1000, 0.001);
  const eta = rate > 0 ? Math.ceil((total - done) / rate) : 0;
  return `keylint: history ${done}/${total} blobs, ${(bytes / 1048576).toFixed(1)} MB, ${Math.round(rate)} blobs/s, ETA ${eta}s`;
}

/** The revision sets --range / --branch choose, checked against the repository so a typo is one clear line. */
async function chosenRevisions(top: string, args: Pick<HistoryArgs, 'range' | 'branch'>): Promise<string[][] | undefined> {
  if (args.range !== undefined) {
    if (!/^[^.\s][^\s]*\.\.\.?[^\s]+$/.test(args.range)) throw new KeylintError(`--range ${args.range}: expected A..B (the commits reachable from B and not from A)`);
    try {
      await gitBuffer(top, ['rev-parse', '--end-of-options', args.range]);
    } catch {
      throw new KeylintError(`--range ${args.range}: not a commit range in this repository`);
    }
    return [[args.range]];
  }
  if (args.branch?.length) {
    for (const b of args.branch) if (!(await resolves(top, b))) throw new KeylintError(`--branch ${b}: no such branch or commit in this repository`);
    return [[...args.branch]];
  }
  return undefined;
}

/** Options of `history` a program can pass to scanHistory. */
export interface ScanHistoryOptions {
  /** A folder in the repository (relative to `cwd`). */
  repo: string;
  /** `A..B`: only the commits reachable from B and not from A (a pull request's base..head). */
  range?: string;
  branch?: string[];
  since?: string;
  maxCount?: number;
  /** Use the blob cache under .git/keylint/ (default true). */
  cache?: boolean;
  config?: string;
  baseline?: string;
  include?: string[];
  exclude?: string[];
  maxFileSize?: string;
  cwd?: string;
  /** Where notes (submodules skipped, shallow clone) go; default: dropped. */
  stderr?: NodeJS.WritableStream;
}

/** Scans a repository's history (or a commit range) the way `keylint history` does and returns the report. */
export async function scanHistory(options: ScanHistoryOptions): Promise<ScanReport> {
  const cwd = options.cwd ?? process.cwd();
  const stderr = options.stderr ?? new Writable({ write: (_c, _e, cb) => cb() });
  const io: CliIO = { stdin: Readable.from([]), stdout: stderr, stderr, cwd, env: {} };
  const args = { config: options.config, baseline: options.baseline, include: options.include, exclude: options.exclude, maxFileSize: options.maxFileSize ?? '10MB' };
  const dir = resolve(cwd, options.repo);
  const repo = await openRepo(dir, options.repo);
  const setup = await scanSetup(args, io, repo.top);
  const revisions = await chosenRevisions(repo.top, options);
  return scanGitHistory({ dir, label: options.repo, revisions, since: options.since, maxCount: options.maxCount, setup, args, cache: options.cache, io });
}

export const historyCommand: CommandSpec<HistoryArgs> = {
  command: 'history [repo]',
  describe: 'Scan every blob in a repository\'s git history (each unique blob once) for secrets',
  builder: (y: Argv) =>
    sourceOptions(commonScanOptions(y.positional('repo', { describe: 'a folder in the repository', type: 'string', default: '.' })))
      .option('branch', { describe: 'scan only commits reachable from BRANCH (repeatable; default: all branches, tags and HEAD)', type: 'string', array: true, requiresArg: true })
      .option('since', { describe: 'only commits newer than DATE (as git log --since takes it)', type: 'string', requiresArg: true })
      .option('range', { describe: 'only commits in A..B (reachable from B, not from A)', type: 'string', requiresArg: true })
      .option('max-count', { describe: 'only the newest N commits', type: 'number', requiresArg: true })
      .option('cache', { describe: 'skip blobs an earlier run found clean (cache in .git/keylint/; --no-cache to rescan all)', type: 'boolean', default: true })
      .conflicts('range', 'branch')
      .check((argv) => {
        const n = argv['max-count'];
        if (n !== undefined && !(Number.isInteger(n) && (n as number) > 0)) throw new KeylintError('--max-count: must be a positive whole number');
        return true;
      })
      .example('$0 history', 'scan the whole history of the repository here')
      .example('$0 history --range origin/main..HEAD', 'scan only the commits of this branch')
      .example('$0 history --since 2024-01-01 --format json', 'JSON with commit, author, date and inHead per finding') as unknown as Argv<HistoryArgs>,
  handler: async (args, io) => {
    const dir = resolve(io.cwd, args.repo);
    const repo = await openRepo(dir, args.repo === '.' ? dir : args.repo);
    const setup = await scanSetup(args, io, repo.top);
    const revisions = await chosenRevisions(repo.top, args);
    const report = await scanGitHistory({ dir, label: args.repo, revisions, since: args.since, maxCount: args.maxCount, setup, args, cache: args.cache, io, progress: true });
    await emitReport(report, args, io);
    await sendReport(report, args, io);
    return exitCodeFor(report.findings, args);
  },
};
