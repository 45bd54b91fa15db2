import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { KeylintError } from '../../engine/index.js';
import { BASELINE_FILE, createBaseline, readBaseline, serializeBaseline, updateBaseline } from '../../config/baseline.js';
import type { CommandSpec } from '../command.js';
import { filterOptions, type FilterArgs } from '../options/filter.js';
import { scanOptionsOf } from '../options/scan-options.js';
import { sourceOptions, type SourceArgs } from '../options/source.js';
import { runPathScan } from '../../scan/scan-paths.js';
import type { CliIO } from '../io.js';

type BaselineArgs = FilterArgs & SourceArgs & { action: 'create' | 'update'; paths: string[]; output?: string };

/** Scans like `keylint scan` (config, allowlists and inline ignores apply; no baseline) and returns the findings. */
async function currentFindings(args: BaselineArgs, io: CliIO) {
  const { result, setup } = await runPathScan(args.paths, { ...scanOptionsOf(args, io), useBaseline: false, verify: { verify: false } });
  return { findings: result.findings, configBaseline: setup.config.baseline };
}

async function write(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (e) {
    throw new KeylintError(`${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

export const baselineCommand: CommandSpec<BaselineArgs> = {
  command: 'baseline <action> [paths..]',
  describe: 'Record current findings so scans report only new ones (create), or drop entries that no longer occur (update)',
  builder: (y: Argv) =>
    sourceOptions(
      filterOptions(
        y
          .positional('action', { describe: 'create a baseline, or update (prune) an existing one', choices: ['create', 'update'] as const })
          .positional('paths', { describe: 'files or folders to scan', type: 'string', array: true, default: ['.'] })
          .option('output', {
            alias: 'o',
            describe: `baseline file (default: baseline in the config, else ${BASELINE_FILE})`,
            type: 'string',
            requiresArg: true,
          }),
      ),
    )
      .example('$0 baseline create', `record every current finding in ${BASELINE_FILE}`)
      .example('$0 scan . --baseline .keylint-baseline.json', 'report only findings not in the baseline')
      .example('$0 baseline update', 'drop entries whose secret is gone') as unknown as Argv<BaselineArgs>,
  handler: async (args, io) => {
    const { findings, configBaseline } = await currentFindings(args, io);
    const target = args.output ? resolve(io.cwd, args.output) : (configBaseline ?? resolve(io.cwd, BASELINE_FILE));
    const name = relative(io.cwd, target) || target;
    if (args.action === 'create') {
      const baseline = createBaseline(findings);
      await write(target, serializeBaseline(baseline));
      io.stderr.write(
        `keylint: wrote ${name} (${baseline.findings.length} finding${baseline.findings.length === 1 ? '' : 's'}, fingerprints and redacted values only)\n`,
      );
      return 0;
    }
    if (!existsSync(target)) throw new KeylintError(`${name}: no baseline to update (create one with keylint baseline create)`);
    const { baseline, kept, dropped } = updateBaseline(readBaseline(target, name), findings);
    await write(target, serializeBaseline(baseline));
    io.stderr.write(`keylint: updated ${name}: kept ${kept}, dropped ${dropped} that no longer occur\n`);
    return 0;
  },
};
