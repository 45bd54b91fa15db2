import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { expandExample } from '../../src/engine/index.js';
import { scanHistory, scanPaths, scanStaged } from '../../src/scan/index.js';
import { configForPath } from '../../src/scan/config-for-path.js';
import plugin from '../../src/eslint/index.js';
import { runCli, tempDir } from '../helpers/cli.js';

const token = expandExample('{{crc32:ghp_}}');
const write = (dir: string, path: string, text: string) => {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
};
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, stdio: 'pipe' });

let cleanup = () => {};
afterEach(() => cleanup());

/** A project whose `legacy/` folder turns GitHub tokens off, with the same token at the top and in legacy/. */
function project(legacyConfig = 'disable = ["github-pat"]\n'): string {
  const t = tempDir();
  cleanup = t.cleanup;
  write(t.dir, '.keylint.toml', '[files]\nexclude = ["vendor/**"]\n');
  write(t.dir, 'app.env', `GITHUB_TOKEN=${token}\n`);
  write(t.dir, 'legacy/.keylint.toml', legacyConfig);
  write(t.dir, 'legacy/old.env', `GITHUB_TOKEN=${token}\n`);
  write(t.dir, 'legacy/deeper/older.env', `GITHUB_TOKEN=${token}\n`);
  return t.dir;
}

describe('per-folder configuration', () => {
  it('a subfolder config that disables a rule stops it only inside that folder (and below)', async () => {
    const dir = project();
    const { findings } = await scanPaths(['.'], { cwd: dir });
    expect(findings.filter((f) => f.ruleId === 'github-pat').map((f) => f.file)).toEqual(['app.env']);
  });

  it('custom rules and allowlists of a subfolder apply only there', async () => {
    const dir = project(
      [
        '[[rule]]',
        'id = "acme-internal"',
        "regex = '''ACME_INTERNAL_([A-Z0-9]{12})'''",
        'keywords = ["acme_internal"]',
        '[allowlist]',
        'paths = ["deeper/**"]',
        '',
      ].join('\n'),
    );
    write(dir, 'top.txt', 'ACME_INTERNAL_ABCDEF123456\n');
    write(dir, 'legacy/here.txt', 'ACME_INTERNAL_ABCDEF123456\n');
    const { findings } = await scanPaths(['.'], { cwd: dir });
    expect(findings.filter((f) => f.ruleId === 'acme-internal').map((f) => f.file)).toEqual(['legacy/here.txt']);
    // legacy/deeper is allowlisted by legacy's config; the top and legacy/ tokens stand.
    expect(
      findings
        .filter((f) => f.ruleId === 'github-pat')
        .map((f) => f.file)
        .sort(),
    ).toEqual(['app.env', 'legacy/old.env']);
  });

  it('root = true stops the cascade: the folder config stands alone', async () => {
    const dir = project('root = true\n');
    write(dir, 'vendor/lib.env', `GITHUB_TOKEN=${token}\n`);
    write(dir, 'legacy/vendor/lib.env', `GITHUB_TOKEN=${token}\n`);
    const files = (await scanPaths(['.'], { cwd: dir })).findings.map((f) => f.file).sort();
    // The top config's `vendor/**` exclude is relative to the top folder: it never reached legacy/vendor.
    expect(files).toEqual(['app.env', 'legacy/deeper/older.env', 'legacy/old.env', 'legacy/vendor/lib.env']);
  });

  it('history judges every commit by the folder configs in the working tree', async () => {
    const dir = project();
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'c1');
    const { findings } = await scanHistory('.', { cwd: dir, cache: false });
    expect(findings.filter((f) => f.ruleId === 'github-pat').map((f) => f.file)).toEqual(['app.env']);
  });

  it('staged judges each staged file by the configs of its folder, run from the top or from a subfolder', async () => {
    const dir = project();
    write(dir, 'untracked/.keylint.toml', 'disable = ["github-pat"]\n'); // new, not ignored: it counts before it is staged
    write(dir, 'untracked/new.env', `GITHUB_TOKEN=${token}\n`);
    git(dir, 'init', '-q');
    git(dir, 'add', '.', ':!untracked/.keylint.toml');
    for (const from of ['.', 'legacy/deeper']) {
      const { findings } = await scanStaged(from, { cwd: dir });
      expect(
        findings.filter((f) => f.ruleId === 'github-pat').map((f) => f.file),
        from,
      ).toEqual(['app.env']);
    }
  });

  it('staged reads only the configs over the staged files: a broken one elsewhere does not block a commit, an ignored one does not count', async () => {
    const dir = project();
    write(dir, 'broken/.keylint.toml', 'enable = [');
    write(dir, '.gitignore', 'local/\n');
    write(dir, 'local/.keylint.toml', 'disable = ["github-pat"]\n'); // ignored and untracked: not the repository's policy
    write(dir, 'local/keys.env', `GITHUB_TOKEN=${token}\n`);
    git(dir, 'init', '-q');
    git(dir, 'add', 'app.env', '.gitignore', 'legacy');
    git(dir, 'add', '-f', 'local/keys.env');
    const { findings } = await scanStaged('.', { cwd: dir });
    expect(findings.filter((f) => f.ruleId === 'github-pat').map((f) => f.file)).toEqual(['app.env', 'local/keys.env']);
    write(dir, 'broken/new.env', 'A=1\n');
    git(dir, 'add', 'broken/new.env');
    const run = await runCli(['staged'], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^keylint: config broken\/\.keylint\.toml/);
  });

  it('config print shows the merged config for a path', async () => {
    const dir = project();
    const effective = configForPath('legacy/old.env', { cwd: dir });
    expect(effective.files).toEqual(['.keylint.toml', 'legacy/.keylint.toml']);
    expect(effective.disable).toEqual(['github-pat']);
    expect(effective.rules).not.toContain('github-pat');
    expect(configForPath('app.env', { cwd: dir }).rules).toContain('github-pat');
    const run = await runCli(['config', 'print', 'legacy'], { cwd: dir });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/config files: \.keylint\.toml -> legacy\/\.keylint\.toml/);
    expect(run.stdout).toMatch(/disable: github-pat/);
  });

  it('a broken folder config is a one-line error naming its file', async () => {
    const dir = project('disable = [\n');
    const run = await runCli(['scan', '.'], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/legacy\/\.keylint\.toml/);
  });

  it("the ESLint plugin applies the config of each linted file's folder", async () => {
    const dir = project();
    write(dir, 'src/a.js', `const token = "${token}";\n`);
    write(dir, 'legacy/b.js', `const token = "${token}";\n`);
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: [{ plugins: { keylint: plugin }, rules: { 'keylint/no-hardcoded-secrets': 'error' } }],
    });
    const results = await eslint.lintFiles(['src/a.js', 'legacy/b.js']);
    const count = (name: string) => results.find((r) => r.filePath.endsWith(name))!.messages.length;
    expect(count('a.js')).toBe(1);
    expect(count('b.js')).toBe(0);
  });
});
