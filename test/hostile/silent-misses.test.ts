import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expandExample } from '../../src/engine/index.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { runBin } from './helpers.js';

// Catalogue items 4 and 10: nothing that can hide a secret may pass with exit 0 and no word.
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());
function dir(): string {
  const t = tempDir('keylint-hostile-');
  cleanup = t.cleanup;
  return t.dir;
}
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', ...args], { cwd, stdio: 'pipe' });
const token = (seed = 1) => expandExample('{{crc32:ghp_}}', seed);
type Json = { findings: { file: string; line: number; column: number; commit?: string }[]; stats: { files: number; skipped: Record<string, number> } };

describe('file names the OS gives as bytes', () => {
  // 0xff is never valid UTF-8: as a JS string the name would become U+FFFD and the file "vanish".
  const badName = Buffer.concat([Buffer.from('secret-'), Buffer.from([0xff, 0xfe]), Buffer.from('.env')]);

  it.each([
    ['a plain folder', false],
    ['a git work tree', true],
  ])('finds the secret in a file whose name is not UTF-8, in %s', async (_, inGit) => {
    const d = dir();
    writeFileSync(Buffer.concat([Buffer.from(d + '/'), badName]), `TOKEN=${token()}\n`);
    if (inGit) git(d, 'init', '-q');
    const run = await runCli(['scan', '.', '--format', 'json'], { cwd: d });
    expect(run.stderr).not.toMatch(/cannot read/);
    expect(run.exitCode).toBe(1);
    expect((JSON.parse(run.stdout) as Json).findings[0]!.file).toBe('secret-\uFFFD\uFFFD.env');
  });
});

describe('paths and folders that cannot be listed', () => {
  it('warns about a folder whose path is longer than PATH_MAX instead of scanning 0 files silently', async () => {
    const d = dir();
    // 20 levels of 250-character names, over Linux's 4096-byte PATH_MAX, with a secret at the
    // bottom: built with relative chdir()s (an absolute path that long cannot be created).
    const build = `for (let i = 0; i < 20; i++) { require('fs').mkdirSync('d'.repeat(250)); process.chdir('d'.repeat(250)); } require('fs').writeFileSync('a.env', 'TOKEN=${token()}\\n');`;
    execFileSync(process.execPath, ['-e', build], { cwd: d });
    // rm walks it with openat(); Node's rmSync would hit ENAMETOOLONG.
    cleanup = () => execFileSync('rm', ['-rf', d]);
    writeFileSync(join(d, 'top.txt'), 'nothing here\n');
    const run = await runCli(['scan', '.', '--format', 'json'], { cwd: d });
    expect(run.stderr).toMatch(/cannot list this folder \(ENAMETOOLONG\); the files in it were not scanned/);
    expect((JSON.parse(run.stdout) as Json).stats.skipped.unreadable).toBeGreaterThan(0);
  });
});

describe('big files', () => {
  it('scans a file bigger than one piece in overlapping pieces, finding secrets on both sides of every boundary at their real lines', async () => {
    const d = dir();
    // 1.5 MB of short lines with a token every ~100 KB; pieces of 256 KB (KEYLINT_PIECE_BYTES).
    const lines: string[] = [];
    const expected: number[] = [];
    for (let i = 0; i < 30_000; i++) {
      if (i % 2000 === 1999) {
        lines.push(`GITHUB_TOKEN=${token(i)}`);
        expected.push(i + 1);
      } else lines.push(`line ${i} ${'x'.repeat(40)}`);
    }
    writeFileSync(join(d, 'big.env'), lines.join('\n') + '\n');
    const run = await runBin(['scan', '.', '--format', 'json'], { cwd: d, env: { KEYLINT_PIECE_BYTES: String(256 * 1024) } });
    const report = JSON.parse(run.stdout) as Json;
    expect(report.findings.map((f) => f.line)).toEqual(expected);
    expect(report.findings.every((f) => f.column === 14)).toBe(true);
    expect(report.stats.files).toBe(1);
  });

  it('finds a secret that straddles a piece boundary on one very long line, at its real column', async () => {
    const d = dir();
    const pad = 256 * 1024 - 65536 - 10; // the token starts just before the first piece's owned region ends
    writeFileSync(join(d, 'long.env'), `${'y'.repeat(pad)} TOKEN=${token(5)} ${'z'.repeat(300_000)}\n`);
    const run = await runBin(['scan', '.', '--format', 'json'], { cwd: d, env: { KEYLINT_PIECE_BYTES: String(256 * 1024) } });
    const f = (JSON.parse(run.stdout) as Json).findings;
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ line: 1, column: pad + 8 });
  });

  it('reads only the first 8 KB of a 1 GB binary and skips it', async () => {
    const d = dir();
    const path = join(d, 'disk.img');
    writeFileSync(path, Buffer.alloc(16)); // NUL bytes: binary
    truncateSync(path, 1024 ** 3); // sparse: costs nothing on disk
    const run = await runBin(['scan', '.', '--max-file-size', '2GB', '--format', 'json'], { cwd: d, timeoutMs: 10_000 });
    expect(run.timedOut).toBe(false);
    expect((JSON.parse(run.stdout) as Json).stats.skipped.binary).toBe(1);
  });

  it('warns about a file over --max-file-size', async () => {
    const d = dir();
    writeFileSync(join(d, 'a.env'), `TOKEN=${token()}\n`.repeat(100));
    const run = await runCli(['scan', '.', '--max-file-size', '1KB'], { cwd: d });
    expect(run.stderr).toMatch(/a\.env: \d+ bytes, over --max-file-size \(1024 bytes\), skipped/);
  });
});

describe('globs that cannot match', () => {
  it.each([['['], ['{{{{'], ['src/(a|b']])('rejects --include %s with exit 2 and one line', async (glob) => {
    const d = dir();
    writeFileSync(join(d, 'a.env'), `TOKEN=${token()}\n`);
    const run = await runCli(['scan', '.', '--include', glob], { cwd: d });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^keylint: --include ".*": not a valid glob \(/);
  });

  it('rejects a malformed [files] include in the config, naming the field', async () => {
    const d = dir();
    writeFileSync(join(d, '.keylint.toml'), '[files]\ninclude = ["{{{{"]\n');
    const run = await runCli(['scan', '.'], { cwd: d });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^keylint: config \.keylint\.toml:2: files\.include\[0\]: "\{\{\{\{" is not a valid glob/);
  });

  it('warns when a valid --include matches none of the files found', async () => {
    const d = dir();
    writeFileSync(join(d, 'a.env'), 'x\n');
    const run = await runCli(['scan', '.', '--include', '*.nothing'], { cwd: d });
    expect(run.stderr).toMatch(/--include \*\.nothing: matches none of the 1 files found/);
  });
});

describe('special files and symlinks named on the command line', () => {
  it('counts and names a FIFO instead of skipping it silently (and never blocks on it)', async () => {
    const d = dir();
    execFileSync('mkfifo', [join(d, 'pipe')]);
    const run = await runBin(['scan', 'pipe', '--format', 'json'], { cwd: d });
    expect(run.timedOut).toBe(false);
    expect(run.stderr).toMatch(/pipe: not a regular file or folder \(FIFO, socket or device\), skipped/);
    expect((JSON.parse(run.stdout) as Json).stats.skipped.special).toBe(1);
  });

  it('does not follow a symlink to a folder outside the root', async () => {
    const outside = dir();
    writeFileSync(join(outside, 'a.env'), `TOKEN=${token()}\n`);
    const d = tempDir('keylint-hostile-');
    try {
      symlinkSync(outside, join(d.dir, 'link'));
      const run = await runCli(['scan', 'link', '--format', 'json'], { cwd: d.dir });
      expect(run.exitCode).toBe(0);
      expect(run.stderr).toMatch(/link: a symbolic link, not followed/);
      expect((JSON.parse(run.stdout) as Json).stats.skipped.symlinks).toBe(1);
    } finally {
      d.cleanup();
    }
  });
});

describe('history', () => {
  it('reports a secret at every path the same blob sits at, with the commit that put it there', async () => {
    const d = dir();
    git(d, 'init', '-q');
    const text = `TOKEN=${token(3)}\n`;
    writeFileSync(join(d, 'a.env'), text);
    writeFileSync(join(d, 'b.env'), text);
    git(d, 'add', '.');
    git(d, 'commit', '-qm', 'two copies');
    mkdirSync(join(d, 'sub'));
    writeFileSync(join(d, 'sub', 'c.env'), text);
    git(d, 'add', '.');
    git(d, 'commit', '-qm', 'a third');
    const run = await runCli(['history', '.', '--format', 'json', '--no-cache'], { cwd: d });
    expect(run.exitCode).toBe(1);
    const files = (JSON.parse(run.stdout) as Json).findings.map((f) => f.file).sort();
    expect(files).toEqual(['a.env', 'b.env', 'sub/c.env']);
  });

  it('refuses a --branch that git would read as an option', async () => {
    const d = dir();
    git(d, 'init', '-q');
    const run = await runCli(['history', '.', '--branch=--output=/tmp/x'], { cwd: d });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^keylint: --branch --output=\/tmp\/x: a revision cannot start with "-"/);
  });
});
