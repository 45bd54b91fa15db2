import { describe, expect, it } from 'vitest';
import { catastrophicBacktracking, polynomialBacktracking } from '../../src/rules/regex-safety.js';
import { loadRe2, runtimeRegex } from '../../src/rules/linear-regex.js';
import { GuardedRegExp } from '../../src/rules/guarded-regex.js';
import { parseConfig } from '../../src/config/load-config.js';
import { Scanner } from '../../src/engine/index.js';

describe('catastrophicBacktracking', () => {
  it.each(['(a+)+', '(a*)*b', '(\\w+\\s?)+$', '(.*,)*x', '(a|ab)*c', '(x+x+)+y', '([a-z]+)*$', '(?:\\d|[0-9a-f])+z'])('rejects %s', (p) => {
    expect(catastrophicBacktracking(p)).toMatch(/backtrack catastrophically/);
  });

  it.each(['\\b(ghp_[A-Za-z0-9]{36})\\b', '([a-z0-9]+-)*x', '(\\w+\\.)+com', '(?:[A-Za-z0-9+/]{4})*(?:==)?', 'AKIA[0-9A-Z]{16}', '(?<![a-z])(sk_[a-z]{3,})(?=\\s)', '[^\\]]+'])(
    'accepts %s',
    (p) => {
      expect(catastrophicBacktracking(p)).toBeUndefined();
    },
  );

  it('applies case folding when the pattern ignores case', () => {
    expect(catastrophicBacktracking('(?:a|B)+')).toBeUndefined();
    expect(catastrophicBacktracking('(?:a|A)+', 'i')).toMatch(/same character/);
  });
});

const HOSTILE = 'a'.repeat(1 << 20); // one 1 MB line

describe('custom rules on a hostile 1 MB line', () => {
  it('rejects an exponential-backtracking rule at load, naming the field', () => {
    const text = `[[rule]]\nid = "redos"\nregex = '''(a+)+$'''\n`;
    expect(() => parseConfig(text, '.keylint.toml', '/')).toThrow(/\.keylint\.toml:3: rule\[0\]\.regex: nested quantifiers in "\(a\+\)\+"/);
  });

  it.skipIf(!loadRe2())('runs a polynomial-backtracking rule under RE2 without hanging', () => {
    // No nesting, so the static check lets it through; V8 would need ~n^3 steps on this line.
    const config = parseConfig(`[[rule]]\nid = "slow"\nregex = '''(\\w+\\w+=)'''\n`, '.keylint.toml', '/');
    const findings = new Scanner(config.rules).scan({ path: 'hostile.txt', text: HOSTILE });
    expect(findings).toEqual([]);
  });

  it('stops a single runaway match on the watchdog thread and counts the overrun', () => {
    // One exec call, minutes of backtracking: only stopping the thread that runs it bounds it.
    const re = new GuardedRegExp(/(a*)\1*b/dg, 200);
    const started = performance.now();
    re.lastIndex = 0;
    expect(re.exec('a'.repeat(50_000))).toBeNull();
    expect(re.overruns).toBe(1);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('hands out every match in order with indices, as a global RegExp would', () => {
    const re = new GuardedRegExp(/k(?<n>\d+)/dg);
    const text = 'k1 k22 k333';
    const seen: [number, string, [number, number]][] = [];
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) seen.push([m.index, m[1]!, m.indices![1]!]);
    expect(seen).toEqual([
      [0, '1', [1, 2]],
      [3, '22', [4, 6]],
      [7, '333', [8, 11]],
    ]);
    expect(re.test('xx k9')).toBe(true);
    expect(re.overruns).toBe(0);
  });

  it('keeps working after a stopped worker (a fresh one starts)', () => {
    const slow = new GuardedRegExp(/(?=(a+))+b/dg, 100);
    slow.lastIndex = 0;
    slow.exec('a'.repeat(200_000));
    const fast = new GuardedRegExp(/b(c)/dg);
    fast.lastIndex = 0;
    expect(fast.exec('abc')?.[1]).toBe('c');
  });

  it('uses RE2 when it is installed and falls back for lookaround', () => {
    expect(runtimeRegex(/(?<=x)y/dg).engine).toBe('js');
    if (!loadRe2()) console.warn('re2 is not installed: custom rules run on V8 with a time budget');
    else expect(runtimeRegex(/x(y)/dg).engine).toBe('re2');
  });
});

describe('backreferences and lookarounds', () => {
  it.each(['(a*)\\1*b', '(?<x>a+)\\k<x>+c', '(\\w+)\\1+z'])('rejects the repeated backreference in %s', (p) => {
    expect(catastrophicBacktracking(p) ?? polynomialBacktracking(p)).toBeDefined();
  });

  it('rejects a repeated lookaround', () => {
    expect(catastrophicBacktracking('(?=(a+))+b')).toMatch(/lookaround "\(\?=\(a\+\)\)" is repeated/);
  });

  it('rejects a lookaround that can scan to the end of the text from every position', () => {
    expect(polynomialBacktracking('x(?=.*y)')).toMatch(/lookaround/);
  });

  it.each(['(["\'])[a-z]{8}\\1', '(?<=key=)([a-z0-9]{32})', 'ab(?!c)'])('accepts the bounded %s', (p) => {
    expect(catastrophicBacktracking(p) ?? polynomialBacktracking(p)).toBeUndefined();
  });
});

describe('polynomialBacktracking', () => {
  it.each(['\\w+\\w+=', '(\\w+\\s*\\w+=)', '.*.*x', '[a-z0-9]+[a-z]+_'])('rejects %s', (p) => {
    expect(polynomialBacktracking(p)).toMatch(/polynomial time on long lines/);
  });

  it.each(['\\w+=\\w+', '[a-z]+\\d+', '\\w{2,}=', '(ghp_[A-Za-z0-9]{36})', '\\s*=\\s*["\']?(\\w+)'])('accepts %s', (p) => {
    expect(polynomialBacktracking(p)).toBeUndefined();
  });

  it('rejects such a custom rule when V8 would run it (RE2 cannot express lookbehind)', () => {
    const toml = ['[[rule]]', 'id = "slow"', "regex = '''(?<=k)(\\w+\\w+=)'''"].join('\n');
    expect(() => parseConfig(toml, '.keylint.toml', '.')).toThrow(/rule\[0\]\.regex: adjacent quantifiers "\\w\+" and "\\w\+" .* polynomial time on long lines, and (RE2 cannot run this pattern|the optional re2 package .* is not installed)/);
  });
});
