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
    expect(() => toJsRegex('a(?i)b')).toThrow(/only supported at the start/);
    expect(() => toJsRegex('(?U)a+')).toThrow(/ungreedy/);
  });

  it('counts capture groups, ignoring non-capturing ones', () => {
    expect(captureGroupCount(/(a)(?:b)(c)/g)).toBe(2);
  });

  it('counts capture groups exactly as the regex engine does, for every built-in rule and tricky sources', () => {
    const engineCount = (re: RegExp) => new RegExp(`${re.source}|`, re.flags.replace(/[gyd]/g, '')).exec('')!.length - 1;
    const tricky = [/a\(b/, /[(]x/, /[\]](y)/, /(?<name>a)(?<=b)(?<!c)(?:d)(?=e)(?!f)(g)/, /\\(h)/, /[a\]](i)/, /(?<n1>(j))/];
    for (const re of [...loadBuiltinRules().rules.flatMap((r) => [r.regex, ...r.allowlist.regexes]), ...tricky]) expect(captureGroupCount(re), re.source).toBe(engineCount(re));
  });
});
