import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load-rules.js';
import { captureGroupCount, toJsRegex } from '../../src/engine/regex.js';

describe('toJsRegex', () => {
  it('turns leading inline flags into RegExp flags', () => {
    expect(toJsRegex('(?i)secret')).toEqual({ source: 'secret', flags: 'i' });
    expect(toJsRegex('(?is)a.b')).toEqual({ source: 'a.b', flags: 'is' });
  });

  it('rewrites Go-only syntax JavaScript can express', () => {
    expect(toJsRegex('(?P<key>x)\\z').source).toBe('(?<key>x)$');
    expect(toJsRegex('[[:alnum:]]+').source).toBe('[A-Za-z0-9]+');
  });

  it('refuses inline flags that JavaScript cannot express', () => {
    expect(() => toJsRegex('(?U)a+')).toThrow(/ungreedy/);
    expect(() => toJsRegex('(?i)a(?-i)b')).toThrow(/turning off/);
    expect(() => toJsRegex('a(?m:^b)')).toThrow(/no JavaScript equivalent/);
  });

  it('spells out case-insensitivity turned on part-way or for a group, as Go scopes it', () => {
    const re = (p: string) => {
      const js = toJsRegex(p);
      return new RegExp(`^(?:${js.source})$`, js.flags);
    };
    expect(toJsRegex('key(?i)[a-f0-9]x').source).toBe('key[a-f0-9A-F][xX]');
    expect(re('key(?i)[a-f0-9]{4}').test('keyAb09')).toBe(true);
    expect(re('key(?i)[a-f0-9]{4}').test('KEYab09')).toBe(false);
    expect(re('(?:a(?i)b)c').test('aBc')).toBe(true);
    expect(re('(?:a(?i)b)c').test('aBC')).toBe(false); // the flag ends with its group
    expect(re('(?i:tok)en\\d').test('TOKen1')).toBe(true);
    expect(re('(?i:tok)en\\d').test('TOKEN1')).toBe(false);
    expect(re('x(?s:.)y').test('x\ny')).toBe(true);
  });

  it('counts capture groups, ignoring non-capturing ones', () => {
    expect(captureGroupCount(/(a)(?:b)(c)/g)).toBe(2);
  });

  it('counts capture groups exactly as the regex engine does, for every built-in rule and tricky sources', () => {
    const engineCount = (re: RegExp) => new RegExp(`${re.source}|`, re.flags.replace(/[gyd]/g, '')).exec('')!.length - 1;
    const tricky = [/a\(b/, /[(]x/, /[\]](y)/, /(?<name>a)(?<=b)(?<!c)(?:d)(?=e)(?!f)(g)/, /\\(h)/, /[a\]](i)/, /(?<n1>(j))/];
    for (const re of [...loadBuiltinRules().rules.flatMap((r) => [r.regex, ...r.allowlist.regexes]), ...tricky])
      expect(captureGroupCount(re), re.source).toBe(engineCount(re));
  });
});
