import { writeFile } from 'node:fs/promises';
import type { Argv } from 'yargs';
import { KeylintError } from '../../engine/index.js';
import { FORMAT_NAMES, REPORTERS, type ScanReport } from '../../report/index.js';
import { useColor, type CliIO } from '../io.js';

export interface OutputArgs {
  format: string;
  output?: string;
  showPublishable: boolean;
  color?: boolean;
}

/** Options that choose how a report is written: shared by every scanning command. */
export function outputOptions<T>(y: Argv<T>): Argv<T & OutputArgs> {
  return y
    .option('format', { alias: 'f', describe: 'output format', choices: FORMAT_NAMES, default: 'text' })
    .option('output', { alias: 'o', describe: 'write the report to FILE instead of stdout', type: 'string', requiresArg: true })
    .option('show-publishable', { describe: 'list publishable keys in text output (json always includes them)', type: 'boolean', default: false })
    .option('color', { describe: 'color text output (default: when stdout is a terminal)', type: 'boolean' }) as unknown as Argv<T & OutputArgs>;
}

/** Writes the report in the chosen format to stdout or --output. */
export async function emitReport(report: ScanReport, args: OutputArgs, io: CliIO): Promise<void> {
  const text = REPORTERS[args.format]!(report, { color: args.output ? false : useColor(args.color, io), showPublishable: args.showPublishable });
  if (!args.output) {
    io.stdout.write(text);
    return;
  }
  try {
    await writeFile(args.output, text);
  } catch (e) {
    throw new KeylintError(`--output ${args.output}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (args.format !== 'text') io.stderr.write(`keylint: wrote ${args.output}\n`);
  else io.stderr.write(text.trimEnd().split('\n').at(-1) + '\n');
}
