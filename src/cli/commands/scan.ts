import type { Argv } from 'yargs';
import { KeylintError } from '../../engine/index.js';
import { readStdinChunk } from '../../sources/stdin.js';
import type { CommandSpec } from '../command.js';
import { STDIN_ARG } from '../io.js';
import { commonScanOptions, type CommonScanArgs } from '../options/index.js';
import { emitReport } from '../options/output.js';
import { sendReport } from '../options/report-to.js';
import { scanOptionsOf } from '../options/scan-options.js';
import { sourceOptions, type SourceArgs } from '../options/source.js';
import { scanPaths } from '../../scan/scan-paths.js';
import { scanChunk } from '../../scan/scan-text.js';
import { progressLine } from '../progress.js';

export type ScanArgs = CommonScanArgs & SourceArgs & { paths: string[]; ignore: boolean };

export const scanCommand: CommandSpec<ScanArgs> = {
  command: 'scan [paths..]',
  describe: 'Scan files and folders (or - for stdin) for hard-coded secrets',
  builder: (y: Argv) =>
    sourceOptions(commonScanOptions(y.positional('paths', { describe: 'files or folders to scan; - reads stdin', type: 'string', array: true, default: ['.'] })))
      .option('ignore', { describe: 'honor .gitignore and skip node_modules (--no-ignore: every file but .git/)', type: 'boolean', default: true })
      .example('$0 scan .', 'scan the working tree (honors .gitignore)')
      .example('$0 scan vendor --no-ignore', 'also scan files .gitignore leaves out')
      .example('$0 scan src --format json -o findings.json', 'write JSON findings to a file')
      .example('cat .env | $0 scan -', 'scan standard input') as unknown as Argv<ScanArgs>,
  handler: async (args, io) => {
    const stdin = args.paths.includes(STDIN_ARG);
    if (stdin && args.paths.length > 1) throw new KeylintError('scan: "-" (stdin) cannot be combined with other paths');
    const progress = progressLine(io);
    const options = {
      ...scanOptionsOf(args, io),
      onProgress: ({ files, bytes, total }: { files: number; bytes: number; total: number }) =>
        progress.update(`keylint: scanned ${files}/${total} files (${(bytes / 1048576).toFixed(1)} MB)`),
    };
    const report = stdin ? await scanChunk(() => readStdinChunk(io.stdin), options) : await scanPaths(args.paths, { ...options, noIgnore: !args.ignore });
    progress.done();
    await emitReport(report, args, io);
    await sendReport(report, args, io);
    return report.exitCode;
  },
};
