import yargs from 'yargs';
import { KeylintError } from '../engine/errors.js';
import { loadCommands } from './commands/index.js';
import { errorLine } from './error-line.js';
import { EXIT_ERROR, STDIN_ARG, type CliIO } from './io.js';
import { VERSION } from '../scan/version.js';

/** A usage mistake: yargs' message, printed with a pointer to --help. */
class UsageError extends KeylintError {}

/** Every command, option, --help and --version, parsed by yargs; returns the exit code. */
export async function runFullCli(rawArgv: string[], io: CliIO): Promise<{ exitCode: number }> {
  // yargs drops a lone "-" positional; carry it through as a marker the commands understand.
  const argv = rawArgv.map((a) => (a === '-' ? STDIN_ARG : a));
  let exitCode = 0;
  let helpShown = false;
  const cli = yargs(argv)
    .scriptName('keylint')
    .usage('$0 <command> [options]\n\nFinds hard-coded secrets and tells publishable keys from real credentials.')
    .version(VERSION)
    .help()
    .alias('h', 'help')
    .alias('v', 'version')
    .strict()
    .demandCommand(1, 'name a command, for example: keylint scan .')
    .recommendCommands()
    .wrap(Math.min(100, (io.stdout as { columns?: number }).columns ?? 100))
    .epilog('Exit codes: 0 no secrets, 1 secrets found, 2 usage or runtime error.')
    .fail((msg, err) => {
      // yargs reports some usage mistakes (a missing option value) as a YError, not a message.
      if (err && err.name === 'YError') throw new UsageError(err.message);
      if (err) throw err;
      throw new UsageError(msg ?? 'invalid usage');
    });
  skipHelpCache(cli);
  for (const spec of await loadCommands(argv)) {
    cli.command({
      command: spec.command,
      describe: spec.describe,
      builder: spec.builder,
      handler: async (args) => {
        exitCode = await spec.handler(args, io);
      },
    });
  }
  try {
    await cli.parseAsync(argv, {}, (err, _args, output) => {
      if (output) {
        helpShown = true;
        io.stdout.write(output + '\n');
      }
      if (err) throw err;
    });
    return { exitCode: helpShown && exitCode === 0 ? 0 : exitCode };
  } catch (e) {
    io.stderr.write(`keylint: ${errorLine(e)}${e instanceof UsageError ? ' (see keylint --help)' : ''}\n`);
    return { exitCode: EXIT_ERROR };
  }
}

/**
 * yargs renders the whole help text each time a command starts, in case the command fails
 * and help must be shown: 60-160 ms of CPU on the main thread, for text .fail() above never
 * prints. Turned off where yargs' internals offer the hook (it is not public API: if it
 * moves, the cost comes back and nothing else changes).
 */
function skipHelpCache(cli: object): void {
  const internals = (cli as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } }).getInternalMethods?.();
  const usage = internals?.getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}
