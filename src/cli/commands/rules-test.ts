import { resolve } from 'node:path';
import { RuleError, RuleErrors } from '../../engine/index.js';
import { problemMessage, type RuleCheck } from '../../rules/check.js';
import { testRuleFile, type RuleFileTest, type TestMode } from '../../rules/test-rule-file.js';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, type CliIO } from '../io.js';
import { printable } from '../../report/printable.js';

const EXPECTED = { secret: 'found as secret', publishable: 'found as publishable', none: 'not found' } as const;

function textReport(test: RuleFileTest): string {
  const lines = [test.file];
  for (const check of test.checks) {
    lines.push(`  ${check.ruleId}  ${check.problems.length ? 'FAIL' : 'ok'}`);
    for (const o of check.examples) {
      // Failures read as errors do: the rule id first.
      if (o.problem) lines.push(`    FAIL ${check.ruleId}: ${o.field}: ${o.problem}  ${o.shown}`);
      else lines.push(`    ok   ${o.field} ${EXPECTED[o.expected]}  ${o.shown}`);
    }
    const other = check.problems.filter((p) => !/^examples\.\w+\[\d+\]$/.test(p.field));
    for (const p of other) lines.push(`    FAIL ${problemMessage(p)}`);
    if (!other.some((p) => !p.field.startsWith('examples'))) lines.push(`    ok   regex safety (runs on ${check.engine === 're2' ? 'RE2' : 'V8'})`);
  }
  return lines.map(printable).join('\n') + '\n';
}

const jsonCheck = (c: RuleCheck) => ({
  id: c.ruleId,
  ok: c.problems.length === 0,
  engine: c.engine,
  examples: c.examples,
  problems: c.problems.map(problemMessage),
});

/**
 * `keylint rules test FILE...`: checks each rule file with the checker built-in rules
 * pass and prints, per rule, each example's outcome (redacted) and the regex-safety
 * verdict. Exit 0 when every rule passes, 1 when one fails, 2 when a file does not load.
 */
export function runRulesTest(files: readonly string[], mode: TestMode, format: 'text' | 'json', io: CliIO): number {
  const results: RuleFileTest[] = [];
  let loadFailed = false;
  for (const file of files) {
    try {
      results.push(testRuleFile(resolve(io.cwd, file), file, mode));
    } catch (e) {
      if (!(e instanceof RuleErrors) && !(e instanceof RuleError)) throw e;
      loadFailed = true;
      for (const err of e instanceof RuleErrors ? e.errors : [e]) io.stderr.write(`keylint: ${printable(err.message)}\n`);
    }
  }
  const checks = results.flatMap((r) => r.checks);
  const failed = checks.filter((c) => c.problems.length > 0).length;
  if (format === 'json') {
    io.stdout.write(JSON.stringify({ version: 1, files: results.map((r) => ({ file: r.file, rules: r.checks.map(jsonCheck) })) }, null, 2) + '\n');
  } else {
    for (const r of results) io.stdout.write(textReport(r));
    io.stdout.write(`${checks.length} rule${checks.length === 1 ? '' : 's'} tested, ${failed} failed${loadFailed ? '; some files did not load' : ''}\n`);
  }
  return loadFailed ? EXIT_ERROR : failed ? EXIT_FINDINGS : EXIT_CLEAN;
}
