import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR, builtinRulesWithExamples, loadBuiltinRules, readRuleSnapshot, writeRuleSnapshot } from '../../src/rules/load-rules.js';
import { compileSpecs } from '../../src/engine/index.js';
import { tempDir } from '../helpers/cli.js';

describe('the built-in rule snapshot', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const rules = join(dir, 'rules');
  const snapshot = join(dir, 'builtin-rules.json');
  mkdirSync(rules);
  for (const name of ['github.toml', 'stripe.toml']) copyFileSync(join(BUILTIN_RULES_DIR, name), join(rules, name));

  it('compiles to exactly the rules the TOML files give', () => {
    writeRuleSnapshot(rules, snapshot);
    const fromSnapshot = compileSpecs(readRuleSnapshot(snapshot, rules)!);
    const fromToml = loadBuiltinRules().rules.filter((r) => /^rules\/(github|stripe)\.toml$/.test(r.source));
    expect(fromSnapshot.rules.map((r) => [r.id, r.source, r.regex.source, r.keywords, r.reason])).toEqual(fromToml.map((r) => [r.id, r.source, r.regex.source, r.keywords, r.reason]));
  });

  it('holds the rules with their shared fragments expanded', () => {
    writeRuleSnapshot(rules, snapshot);
    const regexes = readRuleSnapshot(snapshot, rules)!.map((e) => e.spec.regex);
    expect(readFileSync(join(rules, 'github.toml'), 'utf8')).toContain('(?&assign)');
    expect(regexes.some((r) => r.includes('(?::=|=>|=|:)'))).toBe(true);
    expect(regexes.filter((r) => r.includes('(?&'))).toEqual([]);
  });

  it('leaves the examples out (a scan never needs them), and in ASCII', () => {
    writeRuleSnapshot(rules, snapshot);
    const text = readFileSync(snapshot);
    expect(text.every((byte) => byte < 0x80)).toBe(true);
    expect(readRuleSnapshot(snapshot, rules)!.filter((e) => e.spec.examples)).toEqual([]);
    expect([...loadBuiltinRules().specs.values()].filter((s) => s.examples)).toEqual([]);
    const proved = [...builtinRulesWithExamples().specs.values()];
    expect(proved.length).toBe(loadBuiltinRules().rules.length);
    expect(proved.filter((s) => !s.examples)).toEqual([]);
  });

  it('is ignored once a rule file is edited, added or removed', () => {
    writeRuleSnapshot(rules, snapshot);
    expect(readRuleSnapshot(snapshot, rules)).toBeDefined();
    utimesSync(join(rules, 'github.toml'), new Date(), new Date(Date.now() + 5000));
    expect(readRuleSnapshot(snapshot, rules)).toBeUndefined();
    writeRuleSnapshot(rules, snapshot);
    writeFileSync(join(rules, 'extra.toml'), '');
    expect(readRuleSnapshot(snapshot, rules)).toBeUndefined();
    expect(readRuleSnapshot(join(dir, 'missing.json'), rules)).toBeUndefined();
  });

  it('gives the built CLI (which loads it) the same rules as the TOML files', () => {
    const listed = JSON.parse(execFileSync(process.execPath, ['bin/keylint.js', 'rules', '--format', 'json'], { encoding: 'utf8' })) as { rules: { id: string }[] };
    expect(listed.rules.map((r) => r.id)).toEqual(loadBuiltinRules().rules.map((r) => r.id));
  });
});
