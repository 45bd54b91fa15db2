import { describe, expect, it } from 'vitest';
import { compileRuleFiles, RuleErrors } from '../../src/engine/index.js';
import { parseRuleText } from '../../src/rules/load-rules.js';

function errorsOf(toml: string): string[] {
  try {
    compileRuleFiles([parseRuleText(toml, 'rules/demo.toml')]);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(RuleErrors);
    return (e as RuleErrors).errors.map((x) => x.message);
  }
}

describe('rule compilation errors', () => {
  it('names rule id (first), field and file for an invalid regex', () => {
    expect(errorsOf(`[[rule]]\nid = "demo"\nprovider = "D"\nregex = '''(unclosed'''\n`)).toEqual([
      expect.stringMatching(/^demo: regex: invalid regex .*\(rules\/demo\.toml\)$/),
    ]);
  });

  it('collects every problem in one pass', () => {
    const errors = errorsOf(
      `[[rule]]\nid = "a"\nregex = "x"\nvalidate = "nope"\n\n[[rule]]\nid = "B!"\nregex = "y"\n\n[[rule]]\nid = "c"\nregex = "(a)"\nsecretGroup = 3\n`,
    );
    expect(errors).toHaveLength(3);
    expect(errors.join('\n')).toMatch(/^a: validate: unknown validator "nope"/m);
    expect(errors.join('\n')).toMatch(/^B!: id:/m);
    expect(errors.join('\n')).toMatch(/^c: secretGroup: is 3 but the regex has 1/m);
  });

  it('reports unknown keys and duplicate ids', () => {
    expect(errorsOf(`[[rule]]\nid = "a"\nregex = "x"\nregexx = "y"\n`).join()).toMatch(/Unrecognized key/);
    expect(errorsOf(`[[rule]]\nid = "a"\nregex = "x"\n[[rule]]\nid = "a"\nregex = "y"\n`).join()).toMatch(/duplicate rule id/);
  });

  it('says how to write an anchor when one cannot be read', () => {
    expect(errorsOf(`[[rule]]\nid = "a"\nregex = "x"\nanchor = "ab{6}c"\n`)).toEqual([
      expect.stringMatching(/^a: anchor: not an anchor: "ab\{6\}c" \(write a punctuation mark/),
    ]);
  });

  it('names the line of a TOML syntax error', () => {
    expect(() => parseRuleText('[[rule]]\nid = "a\n', 'rules/bad.toml')).toThrow(/^rules\/bad\.toml: line 2: invalid TOML/);
  });

  it('accepts gitleaks-style [[rules]] with description and a leading (?i)', () => {
    const { rules } = compileRuleFiles([
      parseRuleText(`[[rules]]\nid = "gl"\ndescription = "Demo"\nregex = '''(?i)demo_([a-z]{4})'''\nkeywords = ["DEMO_"]\n`, 'gitleaks.toml'),
    ]);
    expect(rules[0]).toMatchObject({ id: 'gl', title: 'Demo', secretGroup: 1, keywords: ['demo_'] });
    expect(rules[0]!.regex.flags).toContain('i');
  });
});
