import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load-rules.js';
import { compileRuleFiles, expandExample, Scanner } from '../../src/engine/index.js';

const scanner = new Scanner(loadBuiltinRules().rules);
const scan = (text: string, path = 'src/app.ts') => scanner.scan({ path, text });

describe('Scanner', () => {
  it('reports a ghp_ token with a valid checksum at its exact position', () => {
    const token = expandExample('{{crc32:ghp_}}');
    const text = `// config\nconst githubToken = "${token}";\n`;
    const [f, ...rest] = scan(text);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'github-pat', kind: 'secret', line: 2, column: 22, endColumn: 22 + token.length, confidence: 'high' });
    expect(text.slice(f!.start, f!.end)).toBe(token);
  });

  it('does not report a ghp_ token whose checksum is wrong, not even through the generic rule', () => {
    const token = expandExample('{{crc32:ghp_}}');
    const bad = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect(scan(`apiToken = "${bad}"`)).toEqual([]);
  });

  it('keeps the raw secret out of JSON and string conversions of a finding', () => {
    const token = expandExample('{{crc32:ghp_}}');
    const [f] = scan(`t = "${token}"`);
    expect(f!.secret).toBe(token);
    expect(JSON.stringify(f)).not.toContain(token);
    expect(Object.keys(f!)).not.toContain('secret');
    expect(f!.redacted).toBe('ghp_…(40)');
  });

  it('gives the same fingerprint to the same secret wherever it moves', () => {
    const token = expandExample('{{crc32:ghp_}}');
    const a = scan(`x = "${token}"`)[0]!;
    const b = scan(`\n\n\n    other = '${token}'`, 'lib/other.py')[0]!;
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('rejects documentation and placeholder values', () => {
    for (const v of [
      'AKIAIOSFODNN7EXAMPLE',
      'sk_live_xxxxxxxxxxxxxxxxxxxxxxxx',
      '<YOUR_API_KEY>',
      '${STRIPE_SECRET_KEY}',
      'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
    ]) {
      expect(scan(`API_KEY = "${v}"`), v).toEqual([]);
    }
  });

  it('lowers confidence for values in test and fixture paths without silencing them', () => {
    const token = expandExample('{{crc32:ghp_}}');
    const [f] = scan(`t = "${token}"`, 'test/fixtures/tokens.ts');
    expect(f).toMatchObject({ ruleId: 'github-pat', confidence: 'low' });
  });

  it('skips a rule whose keywords never occur (prefilter) and still finds overlapping keywords', () => {
    const { rules } = compileRuleFiles([
      {
        source: 'inline',
        data: {
          rule: [
            { id: 'short', provider: 'T', regex: '(ab_[0-9]{8})', keywords: ['ab_'] },
            { id: 'long', provider: 'T', regex: '(xab_[0-9]{8}q)', keywords: ['xab_'] },
            { id: 'never', provider: 'T', regex: '(zz_[0-9]{8})', keywords: ['zz_'] },
          ],
        },
      },
    ]);
    let ran = 0;
    const never = rules.find((r) => r.id === 'never')!;
    const exec = never.regex.exec.bind(never.regex);
    never.regex.exec = (s: string) => {
      ran++;
      return exec(s);
    };
    const s = new Scanner(rules);
    const ids = s.scan({ path: 'a', text: 'xab_12345678q' }).map((f) => f.ruleId);
    expect(ids).toEqual(['long']);
    expect(
      s
        .candidates({ path: 'a', text: 'xab_12345678q' })
        .map((c) => c.rule.id)
        .sort(),
    ).toEqual(['long', 'short']);
    expect(ran).toBe(0);
  });

  it('handles empty text, invalid UTF-8 replacement characters and CRLF lines', () => {
    expect(scan('')).toEqual([]);
    const token = expandExample('{{crc32:npm_}}');
    const [f] = scan(`\uFFFD\uFFFD\r\nNPM_TOKEN=${token}\r\n`, '.env');
    expect(f).toMatchObject({ ruleId: 'npm-access-token', line: 2, column: 11 });
  });

  it('reports every one of thousands of tokens in one file', () => {
    const tokens = Array.from({ length: 3000 }, (_, i) => expandExample('{{crc32:ghp_}}', i + 1));
    const text = tokens.map((t) => `"${t}",`).join('');
    const found = scan(text, 'dist/bundle.min.js');
    expect(found).toHaveLength(3000);
    expect(new Set(found.map((f) => f.fingerprint)).size).toBe(3000);
  });
});
