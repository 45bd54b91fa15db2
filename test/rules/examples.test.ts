import { describe, expect, it } from 'vitest';
import { builtinRulesWithExamples, loadBuiltinRules } from '../../src/rules/load-rules.js';
import { checkRuleSet, problemMessage } from '../../src/rules/check.js';

// Every built-in rule proves itself with the same checker the build, custom rules and
// `keylint rules test` use: its secret examples are found by it (as secrets), its
// publishable examples as publishable, its look-alikes not at all. Examples run against
// the whole rule set, so a rule that steals another's match fails too. And every regex
// passes the safety gate custom rules must pass, judged as V8 runs built-ins.
// The rules as they ship (from the build's snapshot), with the examples their files hold.
const ruleSet = { rules: loadBuiltinRules().rules, specs: builtinRulesWithExamples().specs };
const checks = checkRuleSet(ruleSet);
const sourceOf = new Map(ruleSet.rules.map((r) => [r.id, r.source]));

describe.each(checks.map((c) => [`${sourceOf.get(c.ruleId)} ${c.ruleId}`, c] as const))('%s', (_name, check) => {
  it('is proved by its examples', () => {
    expect(check.examples.length).toBeGreaterThan(1);
    expect(check.problems.filter((p) => p.field.startsWith('examples')).map(problemMessage)).toEqual([]);
  });

  it('passes the regex-safety gate', () => {
    expect(check.problems.filter((p) => !p.field.startsWith('examples')).map(problemMessage)).toEqual([]);
  });
});

it('checks every built-in rule', () => {
  expect(checks.map((c) => c.ruleId)).toEqual(ruleSet.rules.map((r) => r.id));
  expect(checks.reduce((n, c) => n + c.examples.length, 0)).toBeGreaterThan(1500);
});
