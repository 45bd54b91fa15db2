import type { CommandSpec } from '../command.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCommand = CommandSpec<any>;

/**
 * Every CLI command by name, in the order `--help` lists them, each loaded on demand:
 * a pre-commit hook running `keylint staged` should not pay for importing the
 * webhook server, its database drivers and the reporters it never uses.
 */
const LOADERS: [name: string, load: () => Promise<AnyCommand>][] = [
  ['scan', async () => (await import('./scan.js')).scanCommand],
  ['history', async () => (await import('./history.js')).historyCommand],
  ['staged', async () => (await import('./staged.js')).stagedCommand],
  ['pre-push', async () => (await import('./pre-push.js')).prePushCommand],
  ['hook', async () => (await import('./hook.js')).hookCommand],
  ['rules', async () => (await import('./rules.js')).rulesCommand],
  ['keys', async () => (await import('./keys.js')).keysCommand],
  ['revoke', async () => (await import('./revoke.js')).revokeCommand],
  ['webhook', async () => (await import('./webhook.js')).webhookCommand],
  ['org', async () => (await import('./org.js')).orgCommand],
  ['worker', async () => (await import('./worker.js')).workerCommand],
  ['dashboard', async () => (await import('./dashboard.js')).dashboardCommand],
  ['baseline', async () => (await import('./baseline.js')).baselineCommand],
  ['config', async () => (await import('./config.js')).configCommand],
];

/** The commands `argv` may run: just the named one when its first word is a command, otherwise all (for help and suggestions). */
export async function loadCommands(argv: readonly string[]): Promise<AnyCommand[]> {
  const named = LOADERS.find(([name]) => name === argv[0]);
  return Promise.all((named ? [named] : LOADERS).map(([, load]) => load()));
}
