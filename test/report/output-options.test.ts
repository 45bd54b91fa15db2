import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandExample } from '../../src/engine/index.js';
import { runCli, tempDir } from '../helpers/cli.js';

let dir: string;
let cleanup: () => void;
let token: string;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  token = expandExample('{{crc32:ghp_}}');
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src/config.ts'), `export const token = "${token}";\n`);
});
afterEach(() => cleanup());

describe('--format lists', () => {
  it('writes several formats in one run: each NAME=FILE to its file, the bare one to stdout', async () => {
    const r = await runCli(['scan', '.', '--format', 'sarif=out/keylint.sarif', '--format', 'github', '-f', 'junit=junit.xml'], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^::error file=src\/config\.ts,line=1,/);
    expect(JSON.parse(readFileSync(join(dir, 'out/keylint.sarif'), 'utf8')).runs[0].results).toHaveLength(1);
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('<failure');
    expect(r.stderr).toBe('keylint: wrote out/keylint.sarif\nkeylint: wrote junit.xml\n');
    for (const f of ['out/keylint.sarif', 'junit.xml']) expect(readFileSync(join(dir, f), 'utf8')).not.toContain(token);
  });

  it('keeps --output working for a single format, relative to the working directory', async () => {
    const r = await runCli(['scan', '.', '--format', 'csv', '--output', 'findings.csv'], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(readFileSync(join(dir, 'findings.csv'), 'utf8')).toMatch(/^ruleId,provider,/);
  });

  it('sends --output to the one format given without a file', async () => {
    const r = await runCli(['scan', '.', '--format', 'json=a.json', '--format', 'markdown', '-o', 'summary.md'], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toMatch(/^## 🔴 keylint/);
    expect(existsSync(join(dir, 'a.json'))).toBe(true);
  });

  it('still takes a plain --format NAME before a path', async () => {
    const r = await runCli(['scan', '--format', 'json', 'src'], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout).findings[0].file).toBe('config.ts');
  });

  it.each([
    [['--format', 'xml'], /^keylint: --format: unknown format "xml" \(choose from text, json, sarif, junit, csv, github, markdown; see keylint --help\)$/],
    [['--format', 'json', '--format', 'github'], /^keylint: --format: json and github would both write to stdout; give all but one a file/],
    [['--format', 'sarif=x.sarif', '--output', 'y'], /^keylint: --output y: every --format already names its file$/],
    [['--format', 'sarif=x', '--format', 'json=x'], /^keylint: --format: two reports would write x$/],
    [['--format', 'sarif='], /^keylint: --format sarif=: no file after "="/],
  ])('rejects %j in one line with exit 2, before scanning', async (argv, message) => {
    const r = await runCli(['scan', '.', ...argv], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(message);
  });
});
