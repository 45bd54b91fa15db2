import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandExample } from '../../src/engine/index.js';
import { runCli, tempDir } from '../helpers/cli.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const write = (rel: string, content: string) => {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), content);
};

describe('--fail-on-confidence', () => {
  // A weak password in CI config is reported at low confidence: shown, but not a failure by default.
  const weakOnly = () => write('.gitlab-ci.yml', 'variables:\n  DB_PASSWORD: "hunter22"\n');

  it('reports a low-confidence finding without failing the run by default', async () => {
    weakOnly();
    const r = await runCli(['scan', '.', '--format', 'json'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    const findings = JSON.parse(r.stdout).findings as { confidence: string; line: number }[];
    expect(findings.map((f) => [f.line, f.confidence])).toEqual([[2, 'low']]);
  });

  it('fails on low-confidence findings with --fail-on-confidence low', async () => {
    weakOnly();
    expect((await runCli(['scan', '.', '--fail-on-confidence', 'low'], { cwd: dir })).exitCode).toBe(1);
  });

  it('takes failOnConfidence from the config', async () => {
    weakOnly();
    write('.keylint.toml', 'failOnConfidence = "low"\n');
    expect((await runCli(['scan', '.'], { cwd: dir })).exitCode).toBe(1);
  });

  it('still fails on a medium-confidence secret by default, and not with --fail-on-confidence high', async () => {
    write('src/db.ts', `const dbPassword: string = "${expandExample('{{rand:base62:24}}')}";\n`);
    expect((await runCli(['scan', '.'], { cwd: dir })).exitCode).toBe(1);
    expect((await runCli(['scan', '.', '--fail-on-confidence', 'high'], { cwd: dir })).exitCode).toBe(0);
  });

  it('rejects an unknown confidence in the config with a one-line error naming the field', async () => {
    weakOnly();
    write('.keylint.toml', 'failOnConfidence = "sometimes"\n');
    const r = await runCli(['scan', '.'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/failOnConfidence/);
  });
});
