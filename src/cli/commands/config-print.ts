import { configForPath } from '../../scan/config-for-path.js';
import type { CliIO } from '../io.js';

/** `keylint config print PATH`: the config files, rule selection and custom rules that apply to a path. */
export function printConfig(target: string, format: 'text' | 'json', io: CliIO): Promise<number> {
  const effective = configForPath(target, { cwd: io.cwd });
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(effective, null, 2)}\n`);
    return Promise.resolve(0);
  }
  const lines = [
    `config files: ${effective.files.length ? effective.files.join(' -> ') : '(none: built-in rules only)'}`,
    `enable: ${effective.enable?.join(', ') ?? '(all built-in rules)'}`,
    `disable: ${effective.disable.join(', ') || '(none)'}`,
    `custom rules: ${effective.customRules.join(', ') || '(none)'}`,
    `rules that run here: ${effective.rules.length}`,
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return Promise.resolve(0);
}
