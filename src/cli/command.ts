import type { Argv } from 'yargs';
import type { CliIO } from './io.js';

/** One CLI command: its yargs definition and a handler that returns the exit code. */
export interface CommandSpec<A> {
  command: string | string[];
  describe: string;
  builder: (y: Argv) => Argv<A>;
  handler: (args: A, io: CliIO) => Promise<number>;
}
