import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { oneLineErrors, runBin } from './helpers.js';

// Catalogue item 1: whoever can edit .keylint.toml in a pull request must not be able to stall CI.
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function repo(config: string, files: Record<string, string> = {}): string {
  const t = tempDir('keylint-hostile-');
  cleanup = t.cleanup;
  writeFileSync(join(t.dir, '.keylint.toml'), config);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(t.dir, name), text);
  return t.dir;
}

const rule = (regex: string, extra = '') => `[[rule]]\nid = "hostile"\nregex = '''${regex}'''\nkeywords = ["k", "a"]\n${extra}`;

describe('hostile custom regexes', () => {
  it.each([
    ['a repeated backreference', '(a*)\\1*b'],
    ['a repeated named backreference', '(?<x>a+)\\k<x>+b'],
    ['a repeated lookahead', '(?=(a+))+b'],
    ['a lookbehind over an unbounded body', '(?<=a+)b'],
  ])('rejects %s at load with exit 2 and one line naming the field', async (_, regex) => {
    const dir = repo(rule(regex), { 'x.txt': 'a'.repeat(1000) });
    const run = await runCli(['scan', '.'], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^keylint: config \.keylint\.toml:\d+: rule\[0\]\.regex: /);
    expect(oneLineErrors(run.stderr)).toBe(true);
  });

  it('stops a slow match the static checks let through, names the rule, and finishes the scan', async () => {
    // Passes every static check (one unbounded run, then a required \d) yet needs ~n^2
    // steps per line; the lookbehind keeps RE2 (when installed) from running it.
    const line = `k${'1'.repeat(50_000)}\n`;
    const dir = repo(rule('(?<=k)(\\w*\\d\\w*x)'), { 'slow.txt': line.repeat(20), 'plain.env': 'API_TOKEN=Xk9vQ2mZ7tLp4RwB8nYc3Df\n' });
    const run = await runBin(['scan', '.', '--format', 'json'], { cwd: dir, timeoutMs: 20_000 });
    expect(run.timedOut).toBe(false);
    expect(run.stderr).toMatch(/warning: slow\.txt: rule hostile took too long on this text and was stopped there; the scan went on/);
    const report = JSON.parse(run.stdout) as { stats: { files: number; skipped: { regexTimeouts: number } } };
    expect(report.stats.files).toBe(3);
    expect(report.stats.skipped.regexTimeouts).toBe(1);
  });

  it('caps template counts in examples instead of expanding a billion characters', async () => {
    const dir = repo(rule('x(y+)', 'examples.secret = ["{{rand:hex:999999999}}"]\nexamples.not = ["z"]\n'));
    const run = await runBin(['scan', '.'], { cwd: dir });
    expect(run.timedOut).toBe(false);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/rule\[0\]\.examples\.secret\[0\]: bad template \(rand template count 999999999 is over the limit of 16384\)/);
  });

  it('expands a megabyte of unclosed template braces in linear time', async () => {
    const dir = repo(rule('x(y+)', `examples.secret = ["${'{{'.repeat(200_000)}:"]\nexamples.not = ["z"]\n`));
    const run = await runBin(['scan', '.'], { cwd: dir });
    expect(run.timedOut).toBe(false);
    expect(run.exitCode).toBe(2);
  });

  it('does not let config import carry a rule over that loading would reject', async () => {
    const dir = repo('', { 'gitleaks.toml': `[[rules]]\nid = "evil"\nregex = '''(a*)\\1*b'''\n` });
    const run = await runCli(['config', 'import', 'gitleaks.toml'], { cwd: dir });
    expect(run.stdout + run.stderr).toMatch(/evil.*(catastrophically|polynomial)/s);
    expect(run.stdout).not.toMatch(/^\[\[rule\]\]/m);
  });
});
