import { quoteUserValue, type CompiledRule } from '../engine/index.js';
import { ConfigError, ConfigErrors } from './errors.js';
import type { KeylintConfig } from './load-config.js';
import { loadBuiltinRules } from '../rules/load-rules.js';
import { lineOf } from './locate.js';
import { selectRules } from '../rules/select-rules.js';

/**
 * The rules a config asks for: built-ins narrowed by `enable`/`disable`, plus its custom
 * and issued-key rules. A selector that matches no rule is an error (almost always a typo).
 */
export function rulesForConfig(config: KeylintConfig): CompiledRule[] {
  const { rules, unmatched } = selectRules(loadBuiltinRules(), config, config);
  if (unmatched.length) {
    const errors = unmatched.map(
      (u) => new ConfigError(config.label, lineOf(config.text, [u.key]), `${u.key}[${u.index}]`, `${quoteUserValue(u.selector)} matches no rule`),
    );
    throw errors.length === 1 ? errors[0]! : new ConfigErrors(errors);
  }
  return rules;
}
