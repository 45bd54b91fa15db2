import { errorLine } from './error-line.js';
import { EXIT_ERROR, type CliIO } from './io.js';
import { fastStagedArgs, runStagedFast } from './staged-fast-path.js';
import { watchOutput, writeFailure } from './write-errors.js';

/** Runs keylint with `argv` and returns the exit code; only bin/keylint.js touches process.exit. */
export async function main(rawArgv: string[], io: CliIO): Promise<{ exitCode: number }> {
  const stdout = watchOutput(io.stdout);
  watchOutput(io.stderr); // a broken stderr has nowhere to be reported; it must not crash the run
  const { exitCode } = await run(rawArgv, io);
  await stdout.settled();
  const failed = writeFailure(stdout.error());
  if (!failed) return { exitCode };
  io.stderr.write(`${failed.message}\n`);
  return { exitCode: failed.exitCode };
}

async function run(argv: string[], io: CliIO): Promise<{ exitCode: number }> {
  // A pre-commit hook's `keylint staged` skips yargs (see staged-fast-path.ts); everything else is parsed by it, loaded only then.
  const staged = fastStagedArgs(argv);
  if (!staged) return (await import('./full-cli.js')).runFullCli(argv, io);
  try {
    return { exitCode: await runStagedFast(staged, io) };
  } catch (e) {
    io.stderr.write(`keylint: ${errorLine(e)}\n`);
    return { exitCode: EXIT_ERROR };
  }
}
