import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load-rules.js';
import { compileRuleFiles } from '../../src/engine/index.js';
import { KeywordPrefilter } from '../../src/engine/prefilter.js';
import type { CompiledRule } from '../../src/engine/types.js';

function rulesWithKeywords(keywords: string[]): CompiledRule[] {
  const specs = keywords.map((k, i) => ({ id: `r${i}`, provider: 'T', regex: '(x{99})', keywords: [k] }));
  return compileRuleFiles([{ source: 'test.toml', data: { rule: specs } }]).rules;
}

function selectedKeywords(prefilter: KeywordPrefilter, rules: CompiledRule[], text: string): string[] {
  void rules;
  return prefilter.select(text).map((r) => r.keywords[0]!);
}

/** The obvious definition the prefilter must agree with (compiled keywords are lower case). */
const naive = (keywords: string[], text: string) => keywords.map((k) => k.toLowerCase()).filter((k) => text.toLowerCase().includes(k));

describe('KeywordPrefilter', () => {
  const keywords = ['x', 'é', 'sk', '0.', 'ghp', 'sk_', 'sk_live_', 'token', 'tok', 'passwörd', 'AKIA', 'xoxb-', 'ab', 'abab'];
  const rules = rulesWithKeywords(keywords);
  const prefilter = new KeywordPrefilter(rules);

  it('finds keywords of every length at the start, middle and end of the text, ignoring case', () => {
    expect(selectedKeywords(prefilter, rules, 'SK_LIVE_abc')).toEqual(naive(keywords, 'SK_LIVE_abc'));
    expect(selectedKeywords(prefilter, rules, 'const a = "Token"')).toEqual(['token', 'tok']);
    expect(selectedKeywords(prefilter, rules, 'ends with akia')).toEqual(['akia']);
    expect(selectedKeywords(prefilter, rules, 'version 0.')).toEqual(['0.']);
    expect(selectedKeywords(prefilter, rules, 'PASSWÖRD café')).toEqual(naive(keywords, 'PASSWÖRD café'));
    expect(selectedKeywords(prefilter, rules, '')).toEqual([]);
    expect(selectedKeywords(prefilter, rules, 's')).toEqual([]);
  });

  it('agrees with a plain case-insensitive includes on random text', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const alphabet = 'abskAKItoenghp_0.-xXé lIVE';
    for (let round = 0; round < 300; round++) {
      const length = Math.floor(random() * 60);
      const text = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      expect(selectedKeywords(prefilter, rules, text), JSON.stringify(text)).toEqual(naive(keywords, text));
    }
  });

  it('selects exactly the built-in rules whose keywords occur in a line of code', () => {
    const builtin = loadBuiltinRules().rules;
    const builtinPrefilter = new KeywordPrefilter(builtin);
    const text = 'const stripeKey = process.env.STRIPE_SECRET_KEY; // see https://docs.example.com';
    const expected = builtin.filter((r) => (r.keywords.length === 0 && !r.anchor) || r.keywords.some((k) => text.toLowerCase().includes(k)));
    expect(builtinPrefilter.select(text)).toEqual(expected);
  });
});
