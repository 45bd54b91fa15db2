import type { Argv } from 'yargs';
import { KeylintError } from '../../engine/index.js';
import type { CommandSpec } from '../command.js';
import { commonScanOptions, type CommonScanArgs } from '../options/index.js';
import { emitReport } from '../options/output.js';
import { sendReport } from '../options/report-to.js';
import { scanOptionsOf } from '../options/scan-options.js';
import { sourceOptions, type SourceArgs } from '../options/source.js';
import { scanHistory } from '../../scan/scan-history.js';
import { progressLine } from '../progress.js';
import { SCAN_DEFAULTS } from '../../scan/defaults.js';

export type HistoryArgs = CommonScanArgs & SourceArgs & { repo: string; branch?: string[]; since?: string; range?: string; maxCount?: number; cache: boolean };

function progressText(done: number, total: number, bytes: number, ms: number): string {
  const rate = done / Math.max(ms / 1000, 0.001);
  const eta = rate > 0 ? Math.ceil((total - done) / rate) : 0;
  return `keylint: history ${done}/${total} blobs, ${(bytes / 1048576).toFixed(1)} MB, ${Math.round(rate)} blobs/s, ETA ${eta}s`;
}

export const historyCommand: CommandSpec<HistoryArgs> = {
  command: 'history [repo]',
  describe: "Scan every blob in a repository's git history (each unique blob once) for secrets",
  builder: (y: Argv) =>
    sourceOptions(commonScanOptions(y.positional('repo', { describe: 'a folder in the repository', type: 'string', default: '.' })))
      .option('branch', {
        describe: 'scan only commits reachable from BRANCH (repeatable; default: all branches, tags and HEAD)',
        type: 'string',
        array: true,
        requiresArg: true,
      })
      .option('since', { describe: 'only commits newer than DATE (as git log --since takes it)', type: 'string', requiresArg: true })
      .option('range', { describe: 'only commits in A..B (reachable from B, not from A)', type: 'string', requiresArg: true })
      .option('max-count', { describe: 'only the newest N commits', type: 'number', requiresArg: true })
      .option('cache', {
        describe: 'skip blobs an earlier run found clean (cache in .git/keylint/; --no-cache to rescan all)',
        type: 'boolean',
        default: SCAN_DEFAULTS.cache,
      })
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
    const progress = progressLine(io);
    const started = Date.now();
    const report = await scanHistory(args.repo, {
      ...scanOptionsOf(args, io, 'note'),
      label: args.repo,
      range: args.range,
      branch: args.branch,
      since: args.since,
      maxCount: args.maxCount,
      cache: args.cache,
      onProgress: progress.shows ? ({ files, bytes, total }) => progress.update(progressText(files, total, bytes, Date.now() - started)) : undefined,
    });
    progress.done();
    await emitReport(report, args, io);
    await sendReport(report, args, io);
    return report.exitCode;
  },
};
