import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expandExample } from '../../src/engine/index.js';
import { runCli, tempDir } from '../helpers/cli.js';

// Catalogue items 6 and 9: no error message echoes a secret; config import neither breaks
// the config it writes nor weakens the built-in rules.
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());
function dir(files: Record<string, string>): string {
  const t = tempDir('keylint-hostile-');
  cleanup = t.cleanup;
  for (const [name, text] of Object.entries(files)) writeFileSync(join(t.dir, name), text);
  return t.dir;
}
const token = expandExample('{{crc32:ghp_}}', 11);

describe('secrets in error messages', () => {
  it('redacts a credential pasted into enable = [...]', async () => {
    const d = dir({ '.keylint.toml': `enable = ["${token}"]\n` });
    const run = await runCli(['scan', '.'], { cwd: d });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/enable\[0\]: "ghp_…\(40\)" matches no rule/);
    expect(run.stdout + run.stderr).not.toContain(token);
  });

  it('still names a mistyped rule id in full', async () => {
    const d = dir({ '.keylint.toml': 'enable = ["github-pta"]\n' });
    const run = await runCli(['scan', '.'], { cwd: d });
    expect(run.stderr).toMatch(/"github-pta" matches no rule/);
  });

  it('keeps a secret inside an invalid gitleaks regex out of stderr and out of the converted file', async () => {
    const d = dir({ 'gitleaks.toml': `[[rules]]\nid = "mine"\nregex = '''(${token}'''\n` });
    const run = await runCli(['config', 'import', 'gitleaks.toml'], { cwd: d });
    expect(run.stdout + run.stderr).toMatch(/Unterminated group/);
    expect(run.stdout + run.stderr).not.toContain(token);
  });

  it('keeps a secret inside an invalid custom regex out of the config error', async () => {
    const d = dir({ '.keylint.toml': `[[rule]]\nid = "mine"\nregex = '''(${token}'''\n` });
    const run = await runCli(['scan', '.'], { cwd: d });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/rule\[0\]\.regex: invalid regex \(Unterminated group\)/);
    expect(run.stderr).not.toContain(token);
  });

  it('does not quote the start of a malformed baseline', async () => {
    const d = dir({ 'baseline.json': `${token}\n`, 'a.txt': 'x\n' });
    const run = await runCli(['scan', '.', '--baseline', 'baseline.json'], { cwd: d });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^keylint: baseline baseline\.json: invalid JSON \(/);
    expect(run.stderr).not.toContain(token.slice(0, 8));
  });
});

describe('config import', () => {
  it('gives ids that lower-casing would merge distinct names, so the written config loads', async () => {
    const d = dir({ 'gitleaks.toml': `[[rules]]\nid = "Dup"\nregex = '''aaa([0-9]{8})'''\n[[rules]]\nid = "dup"\nregex = '''bbb([0-9]{8})'''\n` });
    const run = await runCli(['config', 'import', 'gitleaks.toml'], { cwd: d });
    expect(run.stdout).toMatch(/id = 'dup'/);
    expect(run.stdout).toMatch(/id = 'dup-2'/);
    writeFileSync(join(d, '.keylint.toml'), run.stdout);
    writeFileSync(join(d, 'a.txt'), 'nothing\n');
    expect((await runCli(['scan', '.'], { cwd: d })).exitCode).toBe(0);
  });

  it('does not replace a built-in rule (and its checksum check) with an imported one of the same id', async () => {
    const d = dir({ 'gitleaks.toml': `[[rules]]\nid = "github-pat"\nregex = '''ghp_[0-9a-zA-Z]{36}'''\nkeywords = ["ghp_"]\n` });
    const run = await runCli(['config', 'import', 'gitleaks.toml'], { cwd: d });
    expect(run.stderr).toMatch(/not imported: rules\[0\] \(github-pat\): keylint has a built-in rule "github-pat"/);
    writeFileSync(join(d, '.keylint.toml'), run.stdout);
    // A ghp_ value whose checksum is wrong: the built-in rule rejects it.
    const bad = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    writeFileSync(join(d, 'a.env'), `GITHUB_TOKEN=${bad}\n`);
    expect((await runCli(['scan', '.'], { cwd: d })).exitCode).toBe(0);
  });

  it('imports a rule with a case-insensitive group part-way through, matching as gitleaks would', async () => {
    const d = dir({ 'gitleaks.toml': `[[rules]]\nid = "acme"\nregex = '''acme_(?i)[a-f0-9]{32}'''\nkeywords = ["acme_"]\n` });
    const run = await runCli(['config', 'import', 'gitleaks.toml'], { cwd: d });
    expect(run.stderr).toMatch(/imported 1 rule/);
    writeFileSync(join(d, '.keylint.toml'), run.stdout);
    const value = expandExample('{{rand:hex:16}}', 1) + expandExample('{{rand:HEX:16}}', 2);
    writeFileSync(join(d, 'a.txt'), `k = acme_${value}\nk = ACME_${value}\n`);
    const scan = await runCli(['scan', '.', '--format', 'json'], { cwd: d });
    expect((JSON.parse(scan.stdout) as { findings: { line: number }[] }).findings.map((f) => f.line)).toEqual([1]);
  });

  it('rejects a regex written into [allowlist] paths, which are globs, naming the field', async () => {
    const d = dir({ '.keylint.toml': `[allowlist]\npaths = ['''^fixtures/.*\\.json$''']\n` });
    const run = await runCli(['scan', '.'], { cwd: d });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/allowlist\.paths\[0\]: .* looks like a regular expression, but allowlist\.paths are globs: move it to allowlist\.pathRegexes/);
  });
});
