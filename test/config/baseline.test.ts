import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBaseline, readBaseline, serializeBaseline, updateBaseline } from '../../src/config/baseline.js';
import { expandExample, Scanner } from '../../src/engine/index.js';
import { loadBuiltinRules } from '../../src/rules/load-rules.js';
import { tempDir } from '../helpers/cli.js';

const scanner = new Scanner(loadBuiltinRules().rules);
const token = expandExample('{{crc32:ghp_}}');
const other = expandExample('{{crc32:npm_}}');

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('baseline', () => {
  it('stores fingerprints and redacted values, never the secret', () => {
    const findings = scanner.scan({ path: 'a.env', text: `T=${token}\n` });
    const text = serializeBaseline(createBaseline(findings));
    expect(text).not.toContain(token);
    expect(JSON.parse(text).findings).toEqual([{ fingerprint: findings[0]!.fingerprint, ruleId: 'github-pat', file: 'a.env', line: 1, redacted: 'ghp_…(40)' }]);
  });

  it('update keeps entries that still occur and drops the rest', () => {
    const old = createBaseline(scanner.scan({ path: 'a.env', text: `T=${token}\nN=${other}\n` }));
    const { baseline, kept, dropped } = updateBaseline(old, scanner.scan({ path: 'b.env', text: `\n\nT=${token}\n` }));
    expect([kept, dropped]).toEqual([1, 1]);
    expect(baseline.findings[0]).toMatchObject({ ruleId: 'github-pat', file: 'b.env', line: 3 });
  });

  it('rejects a malformed file with a one-line error naming it', () => {
    writeFileSync(join(dir, 'b.json'), '{"version": 1, "findings": [{"fingerprint": "nope"}]}');
    expect(() => readBaseline(join(dir, 'b.json'), 'b.json')).toThrow(/^baseline b\.json: findings\.0\.fingerprint: /);
  });
});
