import type { RuleSpec } from '../engine/index.js';

/** Rule ids of an organization's own keys start with this, so `--report-to` can pick their findings out. */
export const ISSUED_KEY_RULE_PREFIX = 'issued-key-';

/**
 * A key prefix an organization may issue under: lower-case letter first, then lower-case
 * letters and digits, 2–16 long. Kept narrow so the rule id, the keyword and the regex
 * need no escaping. A prefix whose keys a built-in rule would claim (`ghp`) is refused
 * where prefixes enter: the config loader and `keys create` (src/rules/issued-prefix-clash.ts).
 */
export const ISSUED_KEY_PREFIX_PATTERN = /^[a-z][a-z0-9]{1,15}$/;

/** Whether a string can be used as an issued-key prefix (without the trailing `_`). */
export function isValidIssuedKeyPrefix(prefix: string): boolean {
  return ISSUED_KEY_PREFIX_PATTERN.test(prefix);
}

/** The rule id for keys issued under `prefix` (`acme` → `issued-key-acme`). */
export function issuedKeyRuleId(prefix: string): string {
  return ISSUED_KEY_RULE_PREFIX + prefix;
}

/** Whether a finding's rule id belongs to an organization's issued keys. */
export function isIssuedKeyRuleId(ruleId: string): boolean {
  return ruleId.startsWith(ISSUED_KEY_RULE_PREFIX);
}

/**
 * The rule that recognizes keys issued by `keylint keys create --prefix <prefix>`:
 * `<prefix>_` + 30 base62 + 6-char base62 CRC-32 of the 30, checked by the `base62-crc32`
 * validator so look-alikes with a wrong checksum are not reported.
 */
export function issuedKeyRule(prefix: string): RuleSpec {
  if (!isValidIssuedKeyPrefix(prefix)) {
    throw new Error(`issued key prefix "${prefix}": must be 2-16 lower-case letters or digits, starting with a letter`);
  }
  const p = `${prefix}_`;
  return {
    id: issuedKeyRuleId(prefix),
    provider: 'Issued keys',
    title: `Key issued by this organization (${p})`,
    kind: 'secret',
    severity: 'critical',
    regex: `\\b(${p}[A-Za-z0-9]{36})\\b`,
    keywords: [p],
    validate: 'base62-crc32',
    reason: `${p} keys are issued by this organization: revoke it (keylint keys revoke, or report it with --report-to) and load it from the environment`,
    generic: false,
    tags: ['issued-key'],
    when: [],
    examples: {
      secret: [`API_KEY={{crc32:${p}}}`, `key: "{{crc32:${p}}}"`],
      not: [`${p}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`, `${p}{{rand:base62:30}}AAAAAA`, `see the ${p} prefix docs`],
      publishable: [],
    },
  };
}
