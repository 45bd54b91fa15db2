import { describe, expect, it } from 'vitest';
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
});
