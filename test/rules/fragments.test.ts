import { describe, expect, it } from 'vitest';
import { expandFragments, expandSpecFragments, FRAGMENTS } from '../../src/rules/fragments.js';
import { compileRuleFileSet, parseRuleText } from '../../src/rules/load-rules.js';
import { ruleSchemas } from '../../src/engine/index.js';
import { catastrophicBacktracking } from '../../src/rules/regex-safety.js';

describe('expandFragments', () => {
  it('pastes the assignment idiom where a rule writes (?&assign)', () => {
    expect(expandFragments('api[_.-]?key\\w*(?&assign)([a-f0-9]{32})(?&end_alnum)')).toBe(
      'api[_.-]?key\\w*["\'`]?\\s*(?::=|=>|=|:)\\s*["\'`]?([a-f0-9]{32})(?![A-Za-z0-9])',
    );
    expect(expandFragments('(x{8})(?&end_b64url)')).toBe('(x{8})(?![A-Za-z0-9_-])');
  });

  it('leaves a pattern without references untouched', () => {
    expect(expandFragments('\\b(ghp_[A-Za-z0-9]{36})\\b')).toBe('\\b(ghp_[A-Za-z0-9]{36})\\b');
  });

  it('keeps (?& literal inside a character class and after a backslash', () => {
    expect(expandFragments('[(?&assign)]x')).toBe('[(?&assign)]x');
    expect(expandFragments('[]](?&end_alnum)')).toBe('[]](?![A-Za-z0-9])');
    expect(expandFragments('(\\(?&assign)')).toBe('(\\(?&assign)');
  });

  it('repeats the whole fragment when a quantifier follows the reference', () => {
    expect(expandFragments('a(?&assign)?b')).toBe(`a(?:${FRAGMENTS.assign!.pattern})?b`);
    expect(expandFragments('a(?&end_alnum){2}')).toBe('a(?:(?![A-Za-z0-9])){2}');
  });

  it('names an unknown or malformed reference', () => {
    expect(() => expandFragments('x(?&asign)')).toThrow(/unknown fragment "\(\?&asign\)" \(known: assign, end_alnum, end_b64url\)/);
    expect(() => expandFragments('x(?&)')).toThrow(/malformed fragment reference/);
    expect(() => expandFragments('x(?&toString)')).toThrow(/unknown fragment/);
  });
});

/** Whether `|` appears outside every group and class: pasted in, it would split the rule's regex. */
function hasTopLevelAlternation(pattern: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

describe('the fragments themselves', () => {
  it.each(Object.entries(FRAGMENTS))('%s compiles, captures nothing, has no top-level | and passes the safety gate', (_name, { pattern }) => {
    expect(hasTopLevelAlternation('a|b')).toBe(true);
    expect(() => new RegExp(pattern)).not.toThrow();
    expect(new RegExp(`${pattern}|`).exec('')!.length).toBe(1);
    expect(hasTopLevelAlternation(pattern)).toBe(false);
    expect(pattern).not.toContain('(?&');
    expect(catastrophicBacktracking(pattern)).toBeUndefined();
  });
});

describe('fragments in rule files', () => {
  it('are expanded in every regex field of a rule before it compiles', () => {
    const spec = ruleSchemas().ruleSpecSchema.parse({
      id: 'demo',
      regex: 'demo(?&assign)([a-z]{8})',
      path: 'x(?&end_alnum)',
      allowlist: { regexes: ['y(?&end_alnum)'] },
      when: [{ reason: 'r', line: 'z(?&assign)' }],
    });
    const out = expandSpecFragments(spec, 'rules/demo.toml');
    expect([out.regex, out.path, out.allowlist!.regexes[0], out.when[0]!.line]).not.toContain(expect.stringContaining('(?&'));
    expect(out.when[0]!.name).toBeUndefined();
    expect('name' in out.when[0]!).toBe(false);
  });

  it('finds the value after a key name and an assignment', () => {
    const { rules } = compileRuleFileSet([parseRuleText(`[[rule]]\nid = "demo"\nregex = '''demo_key(?&assign)([a-z]{8})(?&end_alnum)'''\n`, 'rules/demo.toml')]);
    for (const text of ['demo_key = "abcdefgh"', "demo_key: 'abcdefgh'", 'demo_key := abcdefgh', '"demo_key" => "abcdefgh"']) {
      const re = new RegExp(rules[0]!.regex.source, rules[0]!.regex.flags);
      expect(re.exec(text)?.[1], text).toBe('abcdefgh');
    }
  });

  it('reports an unknown fragment starting with the rule id', () => {
    expect(() => compileRuleFileSet([parseRuleText(`[[rule]]\nid = "demo"\nregex = '''demo(?&asign)([a-z]{8})'''\n`, 'rules/demo.toml')])).toThrow(
      /demo.*regex: unknown fragment/,
    );
  });
});
