import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { KeylintError } from '../../engine/index.js';
import { listFiles } from '../../sources/files.js';
import { readStdinChunk } from '../../sources/stdin.js';
import { emptySkips } from '../../sources/types.js';
import type { CommandSpec } from '../command.js';
import { STDIN_ARG } from '../io.js';
import { commonScanOptions, type CommonScanArgs } from '../options/index.js';
import { exitCodeFor, scanSetup } from '../../scan/setup.js';
import { emitReport } from '../options/output.js';
import { sendReport } from '../options/report-to.js';
import { maxFileSizeOf, sourceOptions, threadsOf, type SourceArgs } from '../options/source.js';
import { fileUnits, runPipeline, type ChunkSource, type FileReadOptions } from '../../scan/pipeline.js';
import { printable } from '../../report/printable.js';
import { progressLine } from '../progress.js';

export type ScanArgs = CommonScanArgs & SourceArgs & { paths: string[]; ignore: boolean };

/** Reported paths are relative to the one folder scanned (or the one file's folder), else to the working directory. */
export function scanRoot(paths: string[], stdin: boolean, cwd: string): string {
  if (stdin || paths.length !== 1) return cwd;
  const target = resolve(cwd, paths[0]!);
  return existsSync(target) && statSync(target).isFile() ? dirname(target) : target;
}

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
    const root = scanRoot(args.paths, stdin, io.cwd);
    const setup = await scanSetup(args, io, root);
    // After scanSetup: the config's [files] table may set the limit.
    const maxFileSize = maxFileSizeOf(args);
    const skipped = emptySkips();
    const warn = (m: string) => io.stderr.write(`keylint: warning: ${printable(m)}\n`);
    let source: ChunkSource;
    let read: FileReadOptions | undefined;
    let total = 1;
    if (stdin) {
      source = (async function* () {
        yield await readStdinChunk(io.stdin);
      })();
    } else {
      const options = { paths: args.paths, cwd: io.cwd, root, include: args.include, exclude: args.exclude, maxFileSize, warn, skipped, noIgnore: !args.ignore };
      const files = await listFiles(options);
      total = files.length;
      source = fileUnits(files);
      read = options;
    }
    const progress = progressLine(io);
    const report = await runPipeline(source, {
      scanner: setup.scanner,
      filters: setup.filters,
      skipped,
      read,
      threads: threadsOf(args),
      onProgress: ({ files, bytes }) => progress.update(`keylint: scanned ${files}/${total} files (${(bytes / 1048576).toFixed(1)} MB)`),
    });
    progress.done();
    await emitReport(report, args, io);
    await sendReport(report, args, io);
    return exitCodeFor(report.findings, args);
  },
};
