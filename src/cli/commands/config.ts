import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { KeylintError } from '../../engine/index.js';
import { importGitleaks } from '../../config/import-gitleaks.js';
import type { CommandSpec } from '../command.js';
import { printConfig } from './config-print.js';

interface ConfigArgs {
  action: 'import' | 'print';
  file: string;
  format?: 'text' | 'json';
}

export const configCommand: CommandSpec<ConfigArgs> = {
  command: 'config <action> <file>',
  describe: "Show the config that applies to a path (print), or convert another tool's config (import: a gitleaks.toml to .keylint.toml)",
  builder: (y: Argv) =>
    y
      .positional('action', { describe: 'print: the merged config for a path; import: convert a gitleaks config', choices: ['print', 'import'] as const })
      .positional('file', { describe: 'print: a file or folder; import: the gitleaks.toml to read', type: 'string', demandOption: true })
      .option('format', { describe: 'print: output format', choices: ['text', 'json'] as const, default: 'text' as const })
      .example('$0 config print services/api/handler.ts', 'which config files, rules and allowlists apply there')
      .example('$0 config import .gitleaks.toml > .keylint.toml', 'carry gitleaks rules and allowlists over') as unknown as Argv<ConfigArgs>,
  handler: async (args, io) => {
    if (args.action === 'print') return printConfig(args.file, args.format ?? 'text', io);
    let text: string;
    try {
      text = await readFile(resolve(io.cwd, args.file), 'utf8');
    } catch (e) {
      throw new KeylintError(`${args.file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    let result;
    try {
      result = importGitleaks(text, args.file);
    } catch (e) {
      const err = e as { line?: number; message: string };
      throw new KeylintError(`${args.file}${err.line ? `:${err.line}` : ''}: invalid TOML (${err.message.split('\n')[0]})`);
    }
    io.stdout.write(result.toml);
    for (const s of result.skipped) io.stderr.write(`keylint: not imported: ${s.where}: ${s.reason}\n`);
    io.stderr.write(
      `keylint: imported ${result.imported} rule${result.imported === 1 ? '' : 's'}${result.skipped.length ? `, ${result.skipped.length} item(s) not imported (listed above and in the output)` : ''}\n`,
    );
    return 0;
  },
};
