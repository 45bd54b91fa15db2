import { FAIL_ON, FAIL_ON_CONFIDENCE } from '../config/schema.js';
import { SCAN_DEFAULTS } from '../scan/defaults.js';
import type { StagedArgs } from './commands/staged.js';
import type { CliIO } from './io.js';

/*
 * `keylint staged` runs on every commit, where start-up is most of its time, and yargs
 * (with cliui, string-width and the rest) costs about 40 ms of it just to import. The
 * hooks keylint installs and documents run `staged` with few or no flags, so
 * those are read here, into the same arguments yargs would produce, for the same handler.
 * Anything else (--help, a typo, a bad value, a flag not listed below, a repeated flag)
 * goes to the full CLI, which alone words usage errors: this path never rejects input.
 */

/** Boolean flags the fast path reads, by their yargs key; each also as --no-<flag>. */
const BOOLEANS: Record<string, keyof StagedArgs> = {
  'all-lines': 'allLines',
  'show-publishable': 'showPublishable',
  color: 'color',
  'inline-ignores': 'inlineIgnores',
};

/** Flags with one value the fast path reads: their yargs key and, where yargs checks them, the allowed values. */
const VALUES: Record<string, { key: keyof StagedArgs; choices?: readonly string[] }> = {
  config: { key: 'config' },
  baseline: { key: 'baseline' },
  format: { key: 'format' },
  f: { key: 'format' },
  output: { key: 'output' },
  o: { key: 'output' },
  'fail-on': { key: 'failOn', choices: FAIL_ON },
  'fail-on-confidence': { key: 'failOnConfidence', choices: FAIL_ON_CONFIDENCE },
};

/** The defaults the staged command's yargs builder sets (test/cli/staged-fast-path.test.ts holds the two together). */
function defaults(): StagedArgs {
  return {
    format: 'text',
    showPublishable: false,
    inlineIgnores: SCAN_DEFAULTS.inlineIgnores,
    reportTimeout: 10,
    maxFileSize: SCAN_DEFAULTS.maxFileSize,
    allLines: false,
  };
}

/** `argv` as the staged command's arguments when it is `staged` with only flags this path reads; otherwise undefined (use the full CLI). */
export function fastStagedArgs(argv: readonly string[]): StagedArgs | undefined {
  if (argv[0] !== 'staged') return undefined;
  const args: Record<string, unknown> = { ...defaults() };
  const given = new Set<string>();
  for (let i = 1; i < argv.length; i++) {
    const token = argv[i]!;
    let name: string;
    let value: string | undefined;
    if (token.startsWith('--')) {
      const eq = token.indexOf('=');
      name = eq < 0 ? token.slice(2) : token.slice(2, eq);
      value = eq < 0 ? undefined : token.slice(eq + 1);
    } else if (token === '-f' || token === '-o') {
      name = token.slice(1);
    } else {
      return undefined;
    }
    const negated = name.startsWith('no-') ? BOOLEANS[name.slice(3)] : undefined;
    const flag = BOOLEANS[name] ?? negated;
    const option = VALUES[name];
    const key = flag ?? option?.key;
    if (!key || given.has(key)) return undefined;
    given.add(key);
    if (flag) {
      if (value !== undefined) return undefined;
      args[flag] = !negated;
      continue;
    }
    value ??= argv[++i];
    if (!value || value.startsWith('-') || (option!.choices && !option!.choices.includes(value))) return undefined;
    args[key] = value;
  }
  return args as unknown as StagedArgs;
}

/** Runs the staged command with arguments from fastStagedArgs, as the full CLI would; returns the exit code. */
export async function runStagedFast(args: StagedArgs, io: CliIO): Promise<number> {
  const [{ stagedCommand }, { outputTargets }] = await Promise.all([import('./commands/staged.js'), import('./options/output.js')]);
  // What the output options' yargs check does: a --format/--output clash fails before the scan.
  outputTargets(args);
  return stagedCommand.handler(args, io);
}
