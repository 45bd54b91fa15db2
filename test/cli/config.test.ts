import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadRe2 } from '../../src/rules/linear-regex.js';
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
const token = expandExample('{{crc32:ghp_}}');
const json = (stdout: string) => JSON.parse(stdout) as { findings: { ruleId: string; file: string; line: number }[] };

describe('config file', () => {
  it('exits 2 on a broken regex, naming the file, line and field in one line', async () => {
    write('.keylint.toml', ['[[rule]]', 'id = "broken"', "regex = '''tok_([a-z]+'''", ''].join('\n'));
    write('a.txt', 'nothing\n');
    const r = await runCli(['scan', '.'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^keylint: config \.keylint\.toml:3: rule\[0\]\.regex: invalid regex \(.+\)\n$/);
    expect(r.stdout).toBe('');
  });

  it('is found by walking up from the scan root, and --config overrides it', async () => {
    write('.keylint.toml', 'disable = ["github-pat"]\n');
    write('sub/deep/a.env', `T=${token}\n`);
    expect((await runCli(['scan', 'sub/deep'], { cwd: dir })).exitCode).toBe(0);
    write('other.toml', 'failOn = "secret"\n');
    expect((await runCli(['scan', 'sub/deep', '--config', 'other.toml'], { cwd: dir })).exitCode).toBe(1);
  });

  it("applies [files] globs relative to the config's folder, also when scanning a subfolder or one file", async () => {
    write('.keylint.toml', '[files]\ninclude = ["src/**"]\nexclude = ["src/vendor/**"]\n');
    write('src/app.env', `T=${token}\n`);
    write('src/vendor/x.env', `T=${token}\n`);
    write('docs/a.env', `T=${token}\n`);
    const files = async (...args: string[]) => json((await runCli(['scan', ...args, '--format', 'json'], { cwd: dir })).stdout).findings.map((f) => f.file);
    expect(await files('.')).toEqual(['src/app.env']);
    expect(await files('src')).toEqual(['app.env']);
    expect(await files('src/app.env')).toEqual(['app.env']);
    expect(await files('docs')).toEqual([]);
  });

  it('names the field of a custom rule example whose template is broken', async () => {
    write('.keylint.toml', ['[[rule]]', 'id = "lb-token"', "regex = '''(lb_[a-z]{8})'''", 'examples.secret = ["{{rand:nope:8}}"]'].join('\n'));
    const r = await runCli(['scan', '.'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^keylint: config \.keylint\.toml(:\d+)?: rule\[0\]\.examples\.secret\[0\]: bad template \(.+\)\n$/);
  });

  it('rejects a ReDoS-prone custom rule at load instead of hanging on a 1 MB line', async () => {
    write('.keylint.toml', ['[[rule]]', 'id = "redos"', "regex = '''(a+)+$'''"].join('\n'));
    write('hostile.txt', 'a'.repeat(1 << 20) + '!\n');
    const r = await runCli(['scan', '.'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/rule\[0\]\.regex: nested quantifiers .* backtrack catastrophically/);
  });

  it.skipIf(!loadRe2())('scans a hostile 1 MB line with a polynomial-backtracking custom rule without hanging (RE2)', async () => {
    write('.keylint.toml', ['[[rule]]', 'id = "slow"', "regex = '''(\\w+\\w+\\d+=)'''"].join('\n'));
    write('hostile.txt', 'a'.repeat(1 << 20) + '\n');
    const r = await runCli(['scan', '.'], { cwd: dir });
    expect(r.exitCode).toBe(0);
  });

  it('applies allowlist globs (relative to the config) and failOn', async () => {
    write('.keylint.toml', ['failOn = "critical"', '[allowlist]', 'paths = ["vendor/**"]'].join('\n'));
    write('vendor/lib/a.env', `T=${token}\n`);
    write('src/b.env', `T=${expandExample('{{crc32:npm_}}')}\n`);
    const r = await runCli(['scan', '.', '-f', 'json'], { cwd: dir });
    expect(json(r.stdout).findings.map((f) => f.file)).toEqual(['src/b.env']);
    const critical = json(r.stdout).findings.some((f) => (f as { severity?: string }).severity === 'critical');
    expect(r.exitCode).toBe(critical ? 1 : 0);
    expect((await runCli(['scan', '.', '--fail-on', 'secret'], { cwd: dir })).exitCode).toBe(1);
  });

  it('skips files excluded in [files]', async () => {
    write('.keylint.toml', ['[files]', 'exclude = ["fixtures/**"]'].join('\n'));
    write('fixtures/a.env', `T=${token}\n`);
    const r = await runCli(['scan', '.'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/in 1 file/); // only .keylint.toml itself
  });
});

describe('inline ignores', () => {
  it('drops an inline-ignored finding and counts it in the summary', async () => {
    write('a.ts', `const t = "${token}"; // keylint:allow test token\n`);
    const r = await runCli(['scan', '.', '--no-color'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toContain('ghp_');
    expect(r.stdout).toMatch(/0 secrets.*; 1 ignored/);
  });

  it('--no-inline-ignores reports it anyway (audits)', async () => {
    write('a.ts', `// keylint:allow-next-line\nconst t = "${token}";\n`);
    const r = await runCli(['scan', '.', '--no-inline-ignores'], { cwd: dir });
    expect(r.exitCode).toBe(1);
  });
});

describe('keylint baseline', () => {
  it('keeps a baselined finding quiet after 10 lines are inserted above it', async () => {
    write('src/config.ts', `export const t = "${token}";\n`);
    const created = await runCli(['baseline', 'create'], { cwd: dir });
    expect(created.exitCode).toBe(0);
    const stored = readFileSync(join(dir, '.keylint-baseline.json'), 'utf8');
    expect(stored).not.toContain(token);
    expect(JSON.parse(stored).findings).toHaveLength(1);

    write('src/config.ts', `${'// a new line\n'.repeat(10)}export const t = "${token}";\n`);
    const r = await runCli(['scan', '.', '--baseline', '.keylint-baseline.json', '--no-color'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/1 ignored/);

    write('src/new.ts', `export const n = "${expandExample('{{crc32:npm_}}')}";\n`);
    const fresh = await runCli(['scan', '.', '--baseline', '.keylint-baseline.json', '-f', 'json'], { cwd: dir });
    expect(fresh.exitCode).toBe(1);
    expect(json(fresh.stdout).findings.map((f) => f.file)).toEqual(['src/new.ts']);
  });

  it('update drops entries that no longer occur', async () => {
    write('a.env', `T=${token}\nN=${expandExample('{{crc32:npm_}}')}\n`);
    await runCli(['baseline', 'create', '-o', 'base.json'], { cwd: dir });
    write('a.env', `T=${token}\n`);
    const r = await runCli(['baseline', 'update', '-o', 'base.json'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/kept 1, dropped 1/);
    expect(JSON.parse(readFileSync(join(dir, 'base.json'), 'utf8')).findings).toHaveLength(1);
  });

  it('names a missing baseline file and exits 2', async () => {
    write('a.env', 'x\n');
    const r = await runCli(['scan', '.', '--baseline', 'nope.json'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^keylint: baseline nope\.json: cannot read \(ENOENT\)\n$/);
  });
});

describe('keylint config import', () => {
  it('prints an equivalent .keylint.toml and lists what it could not import', async () => {
    const fixture = new URL('../../fixtures/gitleaks/gitleaks.toml', import.meta.url).pathname;
    const r = await runCli(['config', 'import', fixture], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("id = 'acme-api-token'");
    expect(r.stderr).toMatch(/not imported: rules\[3\] \(lazy-token\)\.regex: the \(\?U\) ungreedy flag/);
    // The output is a config keylint loads as is.
    write('.keylint.toml', r.stdout);
    write('a.txt', 'nothing\n');
    expect((await runCli(['scan', '.'], { cwd: dir })).exitCode).toBe(0);
  });
});
