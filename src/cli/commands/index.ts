import type { CommandSpec } from '../command.js';
import { rulesCommand } from './rules.js';
import { scanCommand } from './scan.js';
import { keysCommand } from './keys.js';
import { webhookCommand } from './webhook.js';
import { baselineCommand } from './baseline.js';
import { configCommand } from './config.js';
import { historyCommand } from './history.js';
import { stagedCommand } from './staged.js';
import { prePushCommand } from './pre-push.js';
import { hookCommand } from './hook.js';

/** Every CLI command, in the order `--help` lists them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const COMMANDS: CommandSpec<any>[] = [scanCommand, historyCommand, stagedCommand, prePushCommand, hookCommand, rulesCommand, keysCommand, webhookCommand, baselineCommand, configCommand];
