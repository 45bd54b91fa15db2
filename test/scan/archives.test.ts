import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expandExample } from '../../src/engine/index.js';
import { scanHistory, scanPaths } from '../../src/scan/index.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { makeZip } from '../helpers/zip.js';

const stripeKey = () => expandExample('sk_live_{{rand:base62:24}}');

let cleanup = () => {};
afterEach(() => cleanup());
function folder(): string {
  const t = tempDir();
  cleanup = t.cleanup;
  return t.dir;
}

describe('archives in a working tree', () => {
  it('finds a Stripe secret key in a .env inside a committed zip, named NAME.zip!/.env', async () => {
    const dir = folder();
    writeFileSync(
      join(dir, 'site.zip'),
      makeZip([
        { name: 'config/.env', data: `STRIPE_SECRET_KEY=${stripeKey()}\n` },
        { name: 'logo.png', data: Buffer.from([0, 1, 2, 3]) },
      ]),
    );
    const { findings, stats } = await scanPaths(['.'], { cwd: dir });
    expect(findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([['stripe-secret-key', 'site.zip!/config/.env', 1]]);
    expect(findings[0]!.redacted).toMatch(/^sk_l…/);
    expect(stats.files).toBe(1);
  });

  it('gives the same fingerprint as the same key in a plain file, so baselines and allowlists carry over', async () => {
    const dir = folder();
    const key = stripeKey();
    writeFileSync(join(dir, 'a.zip'), makeZip([{ name: '.env', data: `STRIPE_SECRET_KEY=${key}\n` }]));
    writeFileSync(join(dir, '.env'), `STRIPE_SECRET_KEY=${key}\n`);
    const { findings } = await scanPaths(['.'], { cwd: dir });
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(1);
  });

  it('skips a zip bomb with a warning and goes on', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'bomb.zip'), makeZip([{ name: 'zeros.txt', data: Buffer.alloc(20 * 1024 * 1024, 0x20) }]));
    writeFileSync(join(dir, 'app.env'), `STRIPE_SECRET_KEY=${stripeKey()}\n`);
    const run = await runCli(['scan', '.', '--format', 'json'], { cwd: dir });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/bomb\.zip: not expanded, would expand past the limits.*zeros\.txt/);
    expect(JSON.parse(run.stdout).findings).toHaveLength(1);
  });

  it('reads a file with an archive name that is not an archive as text', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'notes.gz'), `STRIPE_SECRET_KEY=${stripeKey()}\n`);
    const { findings } = await scanPaths(['.'], { cwd: dir });
    expect(findings.map((f) => f.file)).toEqual(['notes.gz']);
  });

  it('finds the key inside a .tgz committed in history (and gone from HEAD), at its commit', async () => {
    const dir = folder();
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', ...args], { cwd: dir, stdio: 'pipe' }).toString();
    git('init', '-q');
    mkdirSync(join(dir, 'pkg', 'app'), { recursive: true });
    writeFileSync(join(dir, 'pkg', 'app', '.env'), `STRIPE_SECRET_KEY=${stripeKey()}\n`);
    execFileSync('tar', ['czf', join(dir, 'release.tgz'), '-C', join(dir, 'pkg'), 'app']);
    rmSync(join(dir, 'pkg'), { recursive: true });
    git('add', 'release.tgz');
    git('commit', '-qm', 'add release');
    const sha = git('rev-parse', 'HEAD').trim();
    git('rm', '-q', 'release.tgz');
    git('commit', '-qm', 'remove release');
    for (const cache of [false, true, true]) {
      const { findings } = await scanHistory('.', { cwd: dir, cache });
      expect(findings.map((f) => [f.ruleId, f.file, f.commit?.slice(0, 7)])).toEqual([['stripe-secret-key', 'release.tgz!/app/.env', sha.slice(0, 7)]]);
      expect(findings[0]!.inHead).toBe(false);
    }
  });
});
