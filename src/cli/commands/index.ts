import type { CommandSpec } from '../command.js';
import { rulesCommand } from './rules.js';
import { scanCommand } from './scan.js';

/** Every CLI command, in the order `--help` lists them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const COMMANDS: CommandSpec<any>[] = [scanCommand, rulesCommand];
