import { KeylintError } from '../engine/index.js';

/** A problem in a config file: names the file, the line (when it can be found) and the field. */
export class ConfigError extends KeylintError {
  override name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`config ${file}${line ? `:${line}` : ''}: ${field}: ${problem}`);
  }
}

/** Every problem in a config file at once, so it is fixed in one pass. */
export class ConfigErrors extends KeylintError {
  override name = 'ConfigErrors';
  constructor(readonly errors: ConfigError[]) {
    super(errors.map((e) => e.message).join('\n'));
  }
}
