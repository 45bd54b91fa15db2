import { describe, expect, it } from 'vitest';
import { compileRule, expandExample, ruleSchemas, Scanner } from '../../src/engine/index.js';
import { isIssuedKeyRuleId, issuedKeyRule } from '../../src/rules/issued-key-rule.js';

describe('issuedKeyRule', () => {
  const spec = issuedKeyRule('acme');
  const scanner = new Scanner([compileRule(spec, '<issued>')]);

  it('is a valid rule spec with the base62-crc32 validator and the prefix keyword', () => {
    expect(ruleSchemas().ruleSpecSchema.parse(spec)).toEqual(spec);
    expect(spec.validate).toBe('base62-crc32');
    expect(spec.keywords).toEqual(['acme_']);
    expect(isIssuedKeyRuleId(spec.id)).toBe(true);
  });

  it('finds its secret examples and ignores its look-alikes', () => {
    for (const t of spec.examples?.secret ?? []) {
      expect(scanner.scan({ path: 'a.env', text: expandExample(t) }).map((f) => f.ruleId)).toEqual([spec.id]);
    }
    for (const t of spec.examples?.not ?? []) {
      expect(scanner.scan({ path: 'a.env', text: expandExample(t) })).toEqual([]);
    }
  });

  it('rejects a prefix that would need escaping or collide with provider prefixes', () => {
    for (const bad of ['', 'a', 'Acme', 'ac-me', 'acme_', '1acme', 'x'.repeat(17)]) {
      expect(() => issuedKeyRule(bad), bad).toThrow(/issued key prefix/);
    }
  });
});
