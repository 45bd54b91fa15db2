import { Scanner } from '../engine/index.js';
import { checkRule, type RuleCheck } from './check.js';
import { runtimeRegex } from './linear-regex.js';
import { compileRuleFileSet, readRuleFile } from './load-rules.js';

/** How `keylint rules test` judges a rule's regex: as a custom rule runs (RE2 when it can), or as built-in rules run (always V8). */
export type TestMode = 'custom' | 'builtin';

/** The checks of every rule in one rule file, in file order. */
export interface RuleFileTest {
  file: string;
  checks: RuleCheck[];
}

/**
 * Loads one rule file (a `rules/*.toml` file, or a `.keylint.toml` with `[[rule]]` tables)
 * and checks each rule with the shared checker: examples required, scanned with the
 * file's own rules (so one rule stealing another's example shows), regexes gated.
 * Throws RuleErrors when the file does not load (TOML, schema, fragments, regex syntax).
 */
export function testRuleFile(path: string, label: string, mode: TestMode): RuleFileTest {
  const files = [readRuleFile(path, label)];
  const set = compileRuleFileSet(files);
  const scanner = new Scanner(set.rules);
  const checks = set.rules.map((rule) => {
    const spec = set.specs.get(rule.id)!; // fragments expanded
    const engine = mode === 'custom' && runtimeRegex(rule.regex).engine === 're2' ? 're2' : 'v8';
    return checkRule(spec, rule, { scanner, requireExamples: true, engine });
  });
  return { file: label, checks };
}
