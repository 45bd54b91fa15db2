import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { KeylintError } from '../../engine/index.js';
import { FORMAT_NAMES, REPORTERS, type ScanReport } from '../../report/index.js';
import { useColor, type CliIO } from '../io.js';

export interface OutputArgs {
  /** One `NAME` or `NAME=FILE` per --format given (yargs collects repeats into a list). */
  format: string | string[];
  output?: string;
  showPublishable: boolean;
  color?: boolean;
}

/** One report to write: a format and its file, or stdout when `file` is unset. */
export interface OutputTarget {
  format: string;
  file?: string;
}

function formatList(value: unknown): string[] {
  const list = (Array.isArray(value) ? value : [value]).map(String);
  for (const spec of list) {
    const name = spec.split('=', 1)[0]!;
    if (!REPORTERS[name]) throw new KeylintError(`--format: unknown format "${name}" (choose from ${FORMAT_NAMES.join(', ')}; see keylint --help)`);
    if (spec.includes('=') && spec.length === name.length + 1)
      throw new KeylintError(`--format ${spec}: no file after "=" (write ${name}=FILE, or ${name} for stdout)`);
  }
  return list;
}

/** Options that choose how a report is written: shared by every scanning command. */
export function outputOptions<T>(y: Argv<T>): Argv<T & OutputArgs> {
  return (
    y
      .option('format', {
        alias: 'f',
        describe: `output format: ${FORMAT_NAMES.join(', ')}. Repeat it, with NAME=FILE, to write several at once (--format sarif=keylint.sarif --format github)`,
        type: 'string',
        default: 'text',
        requiresArg: true,
      })
      .option('output', {
        alias: 'o',
        describe: 'write the report to FILE instead of stdout (the one --format given without =FILE)',
        type: 'string',
        requiresArg: true,
      })
      .option('show-publishable', {
        describe: 'list publishable keys in text output (json, sarif and the others always include them)',
        type: 'boolean',
        default: false,
      })
      .option('color', { describe: 'color text output (default: when stdout is a terminal)', type: 'boolean' })
      // Before the scan runs: a clash between --format and --output should not cost a whole scan.
      .check((argv) => Boolean(outputTargets(argv as unknown as OutputArgs))) as unknown as Argv<T & OutputArgs>
  );
}

/**
 * The reports a run writes: every --format, each to its `=FILE`, else to --output, else to
 * stdout. Only one may go to stdout, and no two to the same file.
 */
export function outputTargets(args: Pick<OutputArgs, 'format' | 'output'>): OutputTarget[] {
  const targets: OutputTarget[] = formatList(args.format ?? 'text').map((spec) => {
    const at = spec.indexOf('=');
    return at < 0 ? { format: spec } : { format: spec.slice(0, at), file: spec.slice(at + 1) };
  });
  const toStdout = targets.filter((t) => t.file === undefined);
  if (toStdout.length > 1) {
    throw new KeylintError(
      `--format: ${toStdout.map((t) => t.format).join(' and ')} would both write to stdout; give all but one a file (--format ${toStdout[1]!.format}=FILE)`,
    );
  }
  if (args.output !== undefined) {
    if (!toStdout[0]) throw new KeylintError(`--output ${args.output}: every --format already names its file`);
    toStdout[0].file = args.output;
  }
  const seen = new Set<string>();
  for (const t of targets) {
    if (t.file === undefined) continue;
    if (seen.has(t.file)) throw new KeylintError(`--format: two reports would write ${t.file}`);
    seen.add(t.file);
  }
  return targets;
}

/** Writes the report in every chosen format: to its file, or to stdout. */
export async function emitReport(report: ScanReport, args: OutputArgs, io: CliIO): Promise<void> {
  for (const target of outputTargets(args)) {
    const text = REPORTERS[target.format]!(report, { color: target.file ? false : useColor(args.color, io), showPublishable: args.showPublishable });
    if (target.file === undefined) {
      io.stdout.write(text);
      continue;
    }
    const path = resolve(io.cwd, target.file);
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
    } catch (e) {
      throw new KeylintError(`--format ${target.format}: cannot write ${target.file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    // Text written to a file still leaves its summary line on the terminal.
    if (target.format === 'text') io.stderr.write(text.trimEnd().split('\n').at(-1) + '\n');
    else io.stderr.write(`keylint: wrote ${target.file}\n`);
  }
}
