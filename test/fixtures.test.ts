import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../src/rules/load-rules.js';
import { expandExample, Scanner } from '../src/engine/index.js';

// secretlint-style cases: fixtures/ok.<case>/ must produce no secret findings;
// fixtures/ng.<case>/input.* (templates, expanded at test time) must produce output.json.
// Regenerate ng outputs with UPDATE_SNAPSHOT=1 after reviewing the change.
const root = join(import.meta.dirname, '..', 'fixtures');
const scanner = new Scanner(loadBuiltinRules().rules);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const cases = readdirSync(root).filter((n) => /^(ok|ng)\./.test(n));

describe.each(cases.filter((c) => c.startsWith('ok.')))('%s', (name) => {
  it('reports no secret', () => {
    const dir = join(root, name);
    const found = files(dir).flatMap((f) => scanner.scan({ path: relative(dir, f), text: readFileSync(f, 'utf8') }));
    expect(found.filter((f) => f.kind === 'secret').map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.redacted}`)).toEqual([]);
  });
});

describe.each(cases.filter((c) => c.startsWith('ng.')))('%s', (name) => {
  it('matches output.json', () => {
    const dir = join(root, name);
    const found = files(dir)
      .filter((f) => /(?:^|\/)input\.[^/]+$/.test(f))
      .flatMap((f) => scanner.scan({ path: relative(dir, f), text: expandExample(readFileSync(f, 'utf8')) }))
      .map((f) => ({ file: f.file, line: f.line, ruleId: f.ruleId, kind: f.kind, severity: f.severity, redacted: f.redacted }));
    const snapshot = join(dir, 'output.json');
    if (process.env.UPDATE_SNAPSHOT === '1') {
      writeFileSync(snapshot, JSON.stringify(found, null, 2) + '\n');
      return;
    }
    // A missing expectation is a failure, not a snapshot of whatever the scanner says today.
    expect(existsSync(snapshot), `${name}/output.json is missing: review the findings and run UPDATE_SNAPSHOT=1 npx vitest run test/fixtures.test.ts`).toBe(
      true,
    );
    expect(found).toEqual(JSON.parse(readFileSync(snapshot, 'utf8')));
  });
});
