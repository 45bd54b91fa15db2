import { describe, expect, it } from 'vitest';
import { catastrophicBacktracking, polynomialBacktracking } from '../../src/rules/regex-safety.js';
import { BudgetedRegExp, loadRe2, runtimeRegex } from '../../src/rules/linear-regex.js';
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

  it('stops a JavaScript-only pattern once it has spent its budget on one text', () => {
    const re = new BudgetedRegExp(/a(?=a)/g, 5);
    let matches = 0;
    re.lastIndex = 0;
    while (re.exec(HOSTILE)) matches++;
    expect(matches).toBeLessThan(HOSTILE.length - 1);
    expect(re.exhausted).toBe(1);
  });

  it('uses RE2 when it is installed and falls back for lookaround', () => {
    expect(runtimeRegex(/(?<=x)y/dg).engine).toBe('js');
    if (!loadRe2()) console.warn('re2 is not installed: custom rules run on V8 with a time budget');
    else expect(runtimeRegex(/x(y)/dg).engine).toBe('re2');
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
