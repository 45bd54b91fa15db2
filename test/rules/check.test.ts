import { describe, expect, it } from 'vitest';
import { checkRule, problemMessage, safetyProblems } from '../../src/rules/check.js';
import { redactExample } from '../../src/rules/redact-example.js';
import { compileRule, ruleSchemas, type RuleSpec } from '../../src/engine/index.js';

const spec = (fields: Record<string, unknown>): RuleSpec => ruleSchemas().ruleSpecSchema.parse({ id: 'demo', keywords: ['demo_'], ...fields });
const check = (s: RuleSpec, engine: 'v8' | 're2' = 'v8') => checkRule(s, compileRule(s, 'demo.toml'), { requireExamples: true, engine });

describe('checkRule', () => {
  it('passes a rule whose examples come out as declared', () => {
    const s = spec({ regex: '\\b(demo_[a-z0-9]{16})\\b', examples: { secret: ['k = demo_{{rand:lowernum:16}}'], not: ['demo_short'] } });
    const result = check(s);
    expect(result.problems).toEqual([]);
    expect(result.examples.map((o) => [o.field, o.expected, o.ok])).toEqual([
      ['examples.secret[0]', 'secret', true],
      ['examples.not[0]', 'none', true],
    ]);
  });

  it('names each failed example, starting with the rule id', () => {
    const s = spec({
      regex: '\\b(demo_[a-z0-9]{16})\\b',
      examples: { secret: ['demo_TOOSHORT'], publishable: ['demo_{{rand:lowernum:16}}'], not: ['demo_{{rand:lowernum:16}}', '{{rand:nope:3}}'] },
    });
    expect(check(s).problems.map(problemMessage)).toEqual([
      'demo: examples.secret[0]: is not matched by the rule',
      'demo: examples.publishable[0]: is found as secret, not publishable',
      'demo: examples.not[0]: is matched by the rule but is listed as a look-alike',
      'demo: examples.not[1]: bad template (bad rand template "nope:3")',
    ]);
  });

  it('requires examples of both sides when asked', () => {
    expect(check(spec({ regex: 'demo_(x+)' })).problems.map((p) => p.field)).toEqual(['examples', 'examples.not']);
  });

  it('runs the safety gate over every regex the rule holds', () => {
    const s = spec({ regex: 'demo_((a+)+)', allowlist: { regexes: ['(x|xy)*z'] }, when: [{ reason: 'r', context: '(\\w+\\s?)+$' }], examples: { secret: ['demo_a'], not: ['x'] } });
    expect(safetyProblems(s, 'v8').map((p) => p.field)).toEqual(['regex', 'allowlist.regexes[0]', 'when[0].context']);
  });

  it('holds a main regex V8 runs to linear-ish time, but not one RE2 runs', () => {
    const s = spec({ regex: 'demo_(\\w+\\w+=)', examples: { secret: ['demo_ab='], not: ['x'] } });
    expect(check(s, 'v8').problems.map(problemMessage)).toEqual([expect.stringMatching(/^demo: regex: adjacent quantifiers .* polynomial time/)]);
    expect(check(s, 're2').problems).toEqual([]);
  });
});

describe('redactExample', () => {
  it('keeps templates and names readable but never prints a key-like value whole', () => {
    expect(redactExample('NEXT_PUBLIC_STATSIG_KEY=client-{{rand:base62:43}}')).toBe('NEXT_PUBLIC_STATSIG_KEY=client-{{rand:base62:43}}');
    const literal = 'token = "ghp_' + 'aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5"';
    const shown = redactExample(literal);
    expect(shown).not.toContain('aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5');
    expect(shown).toMatch(/^token = "ghp_…\(40\)"$/);
    expect(redactExample('pw = hunter42x')).toBe('pw = hu…(9)');
    expect(redactExample('a\nb')).toBe('a⏎b');
  });
});
