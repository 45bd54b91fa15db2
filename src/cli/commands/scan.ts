import type { Argv } from 'yargs';
import { KeylintError } from '../../engine/index.js';
import { toPosix } from '../../sources/files.js';
import type { ScanOptions } from '../../scan/options.js';
import type { ScanResult } from '../../scan/result.js';
import type { CliIO } from '../io.js';
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

export type ScanArgs = CommonScanArgs & SourceArgs & { paths: string[]; ignore: boolean; stdinFilename?: string };

export const scanCommand: CommandSpec<ScanArgs> = {
  command: 'scan [paths..]',
  describe: 'Scan files and folders (or - for stdin) for hard-coded secrets',
  builder: (y: Argv) =>
    sourceOptions(
      commonScanOptions(y.positional('paths', { describe: 'files or folders to scan; - reads stdin', type: 'string', array: true, default: ['.'] })),
    )
      .option('stdin-filename', {
        describe: 'the file name standard input stands for (rules and context follow it, as for a file of that name)',
        type: 'string',
        requiresArg: true,
      })
      .option('ignore', { describe: 'honor .gitignore and skip node_modules (--no-ignore: every file but .git/)', type: 'boolean', default: true })
      .example('$0 scan .', 'scan the working tree (honors .gitignore)')
      .example('$0 scan vendor --no-ignore', 'also scan files .gitignore leaves out')
      .example('$0 scan src --format json -o findings.json', 'write JSON findings to a file')
      .example('cat .env | $0 scan -', 'scan standard input') as unknown as Argv<ScanArgs>,
  handler: async (args, io) => {
    const stdin = args.paths.includes(STDIN_ARG);
    if (stdin && args.paths.length > 1) throw new KeylintError('scan: "-" (stdin) cannot be combined with other paths');
    if (args.stdinFilename !== undefined && !stdin) throw new KeylintError('scan: --stdin-filename needs "-" (read standard input) among the paths');
    const progress = progressLine(io);
    const options = {
      ...scanOptionsOf(args, io),
      pieceBytes: pieceBytesOf(io.env),
      onProgress: progress.shows
        ? ({ files, bytes, total }: { files: number; bytes: number; total: number }) =>
            progress.update(`keylint: scanned ${files}/${total} files (${(bytes / 1048576).toFixed(1)} MB)`)
        : undefined,
    };
    const report = stdin ? await scanStdin(args, io, options) : await scanPaths(args.paths, { ...options, noIgnore: !args.ignore });
    progress.done();
    await emitReport(report, args, io);
    await sendReport(report, args, io);
    return report.exitCode;
  },
};

/**
 * Scans standard input, read up to the size limit. Rules for config files go by the file
 * name, which unnamed input lacks: settings lines (`cat .env | keylint scan -`) are read as
 * a .env file would be, and reported as <stdin>.
 */
async function scanStdin(args: ScanArgs, io: CliIO, options: ScanOptions): Promise<ScanResult> {
  const label = args.stdinFilename ? toPosix(args.stdinFilename) : STDIN_ARG;
  let readAs: string | undefined;
  const result = await scanChunk(async ({ maxFileSize }) => {
    const chunk = await readStdinChunk(io.stdin, label, maxFileSize);
    if (!args.stdinFilename && looksLikeSettings(chunk.text)) {
      readAs = `${STDIN_ARG}.env`;
      io.stderr.write('keylint: note: standard input looks like KEY=value settings and is scanned as a .env file would be (name it with --stdin-filename)\n');
      return { ...chunk, path: readAs };
    }
    return chunk;
  }, options);
  if (readAs) for (const f of result.findings) if (f.file === readAs) f.file = STDIN_ARG;
  return result;
}

/** Whether most non-blank, non-comment lines of `text` are `KEY=value` settings (a .env file's shape). */
function looksLikeSettings(text: string): boolean {
  const lines = text
    .slice(0, 64 * 1024)
    .split(/\r?\n/)
    .filter((l) => l.trim() && !/^\s*#/.test(l));
  const settings = lines.filter((l) => /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.]*\s*=/.test(l));
  return lines.length > 0 && settings.length * 2 > lines.length;
}

/**
 * KEYLINT_PIECE_BYTES: files above this size are scanned in overlapping pieces (default
 * 64 MB). A tuning knob, and how tests reach the big-file path without writing 512 MB.
 */
function pieceBytesOf(env: NodeJS.ProcessEnv): number | undefined {
  const value = env.KEYLINT_PIECE_BYTES;
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 65536) throw new KeylintError(`KEYLINT_PIECE_BYTES: "${value}" is not a whole number of bytes of at least 65536`);
  return n;
}
