import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandExample } from '../../src/engine/index.js';
import { readFileChunk } from '../../src/sources/files.js';
import { emptySkips } from '../../src/sources/types.js';
import { runCli, tempDir } from '../helpers/cli.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const write = (rel: string, content: string | Buffer) => {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), content);
};

describe('keylint scan', () => {
  it('exits 0 and says so when nothing is found', async () => {
    write('src/index.ts', 'export const answer = 42;\n');
    const r = await runCli(['scan', '.'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^0 secrets, 0 publishable keys in 1 file/m);
  });

  it('exits 1 on a secret and prints it redacted, grouped by file, with the reason', async () => {
    const token = expandExample('{{crc32:ghp_}}');
    write('src/config.ts', `export const token = "${token}";\n`);
    const r = await runCli(['scan', '.', '--no-color'], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('src/config.ts\n  1:23');
    expect(r.stdout).toContain('ghp_…(40)');
    expect(r.stdout).toMatch(/github-pat: .*revoke/);
    expect(r.stdout + r.stderr).not.toContain(token);
  });

  it('writes the JSON contract with posix paths relative to the scan root, redacted', async () => {
    const token = expandExample('{{crc32:npm_}}');
    write('deep/dir/.npmrc', `//registry.npmjs.org/:_authToken=${token}\n`);
    const r = await runCli(['scan', dir, '--format', 'json'], { cwd: '/' });
    expect(r.exitCode).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['version', 'findings', 'stats']);
    expect(json.version).toBe(1);
    expect(Object.keys(json.findings[0])).toEqual([
      'ruleId',
      'provider',
      'kind',
      'severity',
      'confidence',
      'file',
      'line',
      'column',
      'endColumn',
      'fingerprint',
      'redacted',
      'entropy',
      'reason',
    ]);
    expect(json.findings[0]).toMatchObject({ ruleId: 'npm-access-token', file: 'deep/dir/.npmrc', line: 1, column: 34, endColumn: 74, kind: 'secret' });
    expect(Object.keys(json.stats)).toEqual(['files', 'bytes', 'durationMs', 'rules', 'skipped']);
    expect(r.stdout).not.toContain(token);
  });

  it('reports publishable keys as information: exit 0, hidden in text unless --show-publishable', async () => {
    write('web/.env', `NEXT_PUBLIC_STRIPE_KEY=pk_live_${expandExample('{{rand:base62:40}}')}\n`);
    const hidden = await runCli(['scan', '.'], { cwd: dir });
    expect(hidden.exitCode).toBe(0);
    expect(hidden.stdout).toMatch(/0 secrets, 1 publishable key .*publishable hidden/);
    const shown = await runCli(['scan', '.', '--show-publishable', '--no-color'], { cwd: dir });
    expect(shown.stdout).toMatch(/publishable\s+Stripe publishable key/);
  });

  it('reports a single scanned file by its name', async () => {
    write('conf/app.env', `T=${expandExample('{{crc32:ghp_}}')}\n`);
    const r = await runCli(['scan', 'conf/app.env', '-f', 'json'], { cwd: dir });
    expect(JSON.parse(r.stdout).findings[0].file).toBe('app.env');
  });

  it('scans standard input with -', async () => {
    const token = expandExample('{{crc32:ghp_}}');
    const r = await runCli(['scan', '-', '--format', 'json'], { cwd: dir, stdin: `GITHUB_TOKEN=${token}\n` });
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout).findings[0]).toMatchObject({ file: '<stdin>', line: 1, ruleId: 'github-pat' });
  });

  it('writes --output to a file and keeps stdout clean', async () => {
    write('a.env', `T=${expandExample('{{crc32:ghp_}}')}\n`);
    const r = await runCli(['scan', '.', '--format', 'json', '--output', join(dir, 'out.json')], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/wrote .*out\.json/);
  });

  it('skips binary and oversized files with counts, and reads invalid UTF-8 without failing', async () => {
    const token = expandExample('{{crc32:ghp_}}');
    write('bin.dat', Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(`t=${token}`)]));
    write('big.txt', `t=${token}\n` + 'a'.repeat(2048));
    write('latin1.txt', Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0a]), Buffer.from(`GITHUB_TOKEN=${token}\n`)]));
    const r = await runCli(['scan', '.', '--max-file-size', '1KB', '--format', 'text', '--no-color'], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('latin1.txt\n  2:14');
    expect(r.stdout).toMatch(/skipped 1 binary, 1 too large/);
  });

  it('does not follow symlinks, so nothing outside the root is read', async () => {
    const outside = tempDir();
    try {
      writeFileSync(join(outside.dir, 'secret.env'), `T=${expandExample('{{crc32:ghp_}}')}\n`);
      symlinkSync(join(outside.dir, 'secret.env'), join(dir, 'link.env'));
      symlinkSync(outside.dir, join(dir, 'linkdir'));
      const r = await runCli(['scan', '.'], { cwd: dir });
      expect(r.exitCode).toBe(0);
    } finally {
      outside.cleanup();
    }
  });

  it('honors .gitignore inside a git work tree and outside one', async () => {
    write('.gitignore', 'ignored/\n*.local\n');
    write('ignored/a.env', `T=${expandExample('{{crc32:ghp_}}')}\n`);
    write('b.local', `T=${expandExample('{{crc32:ghp_}}')}\n`);
    expect((await runCli(['scan', '.'], { cwd: dir })).exitCode).toBe(0);
    execFileSync('git', ['init', '-q'], { cwd: dir });
    expect((await runCli(['scan', '.'], { cwd: dir })).exitCode).toBe(0);
    write('kept.env', `T=${expandExample('{{crc32:ghp_}}')}\n`);
    expect((await runCli(['scan', '.'], { cwd: dir })).exitCode).toBe(1);
  });

  it('scans ignored files with --no-ignore, and says so when a named folder is entirely ignored', async () => {
    write('.gitignore', 'vendor/\n');
    write('vendor/lib/a.env', `T=${expandExample('{{crc32:ghp_}}')}\n`);
    write('node_modules/pkg/b.env', `T=${expandExample('{{crc32:ghp_}}')}\n`);
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const ignored = await runCli(['scan', 'vendor'], { cwd: dir });
    expect(ignored.exitCode).toBe(0);
    expect(ignored.stderr).toMatch(/^keylint: warning: vendor: every file here is ignored .*--no-ignore scans them anyway\n/);
    const files = async (...a: string[]) =>
      JSON.parse((await runCli(['scan', '.', '-f', 'json', '--no-ignore', ...a], { cwd: dir })).stdout).findings.map((f: { file: string }) => f.file);
    expect(await files()).toEqual(['node_modules/pkg/b.env', 'vendor/lib/a.env']);
  });

  it('applies --include and --exclude globs', async () => {
    write('src/a.env', `T=${expandExample('{{crc32:ghp_}}')}\n`);
    write('docs/b.env', `T=${expandExample('{{crc32:ghp_}}')}\n`);
    const json = async (...a: string[]) =>
      JSON.parse((await runCli(['scan', '.', '-f', 'json', ...a], { cwd: dir })).stdout).findings.map((f: { file: string }) => f.file);
    expect(await json('--include', 'src/**')).toEqual(['src/a.env']);
    expect(await json('--exclude', 'src/**')).toEqual(['docs/b.env']);
  });

  it('warns about an unreadable file and carries on', async () => {
    const skipped = emptySkips();
    const warnings: string[] = [];
    const chunk = readFileChunk(join(dir, 'vanished.txt'), { root: dir, maxFileSize: 1e6, warn: (m) => warnings.push(m), skipped });
    expect(chunk).toBeUndefined();
    expect(skipped.unreadable).toBe(1);
    expect(warnings).toEqual(['vanished.txt: cannot read (ENOENT), skipped']);
  });
});

describe('usage errors', () => {
  it('exits 2 with one line naming a nonexistent path', async () => {
    const r = await runCli(['scan', 'no/such/dir'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('keylint: no/such/dir: no such file or directory\n');
  });

  it('exits 2 on an unknown option or command, pointing at --help', async () => {
    for (const argv of [['scan', '--frobnicate'], ['frobnicate'], ['scan', '--format', 'xml'], []]) {
      const r = await runCli(argv, { cwd: dir });
      expect(r.exitCode, argv.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^keylint: .*--help/);
    }
  });

  it('exits 2 on a malformed --max-file-size', async () => {
    const r = await runCli(['scan', '.', '--max-file-size', 'huge'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^keylint: --max-file-size: not a size/);
  });

  it('prints help and the version with exit 0', async () => {
    const help = await runCli(['--help'], { cwd: dir });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/keylint scan/);
    const version = await runCli(['--version'], { cwd: dir });
    expect(version.exitCode).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('keylint rules', () => {
  it('lists rules as JSON with provider counts', async () => {
    const r = await runCli(['rules', '--format', 'json'], { cwd: dir });
    const json = JSON.parse(r.stdout);
    expect(r.exitCode).toBe(0);
    expect(json.rules.length).toBeGreaterThan(40);
    expect(json.providers).toBe(new Set(json.rules.map((x: { provider: string }) => x.provider)).size);
    expect(json.rules.find((x: { id: string }) => x.id === 'github-pat')).toMatchObject({ kind: 'secret', validate: 'github-crc32' });
  });
});
