import { expandExample, Scanner } from '../engine/index.js';
import { loadBuiltinRules } from './load-rules.js';

let builtin: Scanner | undefined;

/**
 * The built-in rule that would claim keys issued under `prefix`, if any. `ghp` keys,
 * say, have exactly the shape and checksum of GitHub tokens: the scanner would report
 * them as GitHub's, and `--report-to` would never send them to the revocation service.
 */
export function builtinRuleClaimingPrefix(prefix: string): string | undefined {
  builtin ??= new Scanner(loadBuiltinRules().rules.filter((r) => !r.generic));
  const sample = expandExample(`{{crc32:${prefix}_}}`);
  return builtin.scan({ path: 'issued-key-sample', text: sample })[0]?.ruleId;
}
