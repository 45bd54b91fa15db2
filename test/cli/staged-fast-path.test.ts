import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { stagedCommand } from '../../src/cli/commands/staged.js';
import { runFullCli } from '../../src/cli/full-cli.js';
import { fastStagedArgs } from '../../src/cli/staged-fast-path.js';
import { expandExample } from '../../src/engine/index.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { GIT_TEST_ENV, gitRepo } from '../sources/git/helpers.js';

/** The staged command's arguments as yargs parses them (camelCase keys only, as the handler reads them), or 'usage error'. */
async function yargsArgs(argv: string[]): Promise<Record<string, unknown> | 'usage error'> {
  let parsed: Record<string, unknown> | undefined;
  try {
    await yargs(argv)
      .strict()
      .fail((msg, err) => {
        throw err ?? new Error(msg);
      })
      .command({
        command: stagedCommand.command,
        describe: stagedCommand.describe,
        builder: stagedCommand.builder,
        handler: (args) => {
          parsed = args;
        },
      })
      .parseAsync();
  } catch {
    return 'usage error';
  }
  // Only what the handler can see under its own names: no `_`, `$0`, kebab-case twins or one-letter aliases.
  return Object.fromEntries(Object.entries(parsed!).filter(([k]) => /^[a-z][a-zA-Z]+$/.test(k) && k !== 'f' && k !== 'o'));
}

describe('the staged fast path', () => {
  const accepted = [
    ['staged'],
    ['staged', '--all-lines'],
    ['staged', '--no-all-lines'],
    ['staged', '--format', 'json'],
    ['staged', '--format=sarif'],
    ['staged', '--format=sarif=out/k.sarif'],
    ['staged', '-f', 'junit', '-o', 'report.xml'],
    ['staged', '--output=report.txt'],
    ['staged', '--config', 'ci/.keylint.toml', '--baseline', '.keylint-baseline.json'],
    ['staged', '--config=123'],
    ['staged', '--show-publishable', '--color'],
    ['staged', '--no-color', '--no-inline-ignores'],
    ['staged', '--inline-ignores'],
    ['staged', '--fail-on', 'critical', '--fail-on-confidence=high'],
  ];
  // A bad --format is read too: it is the output check's error, worded the same on both paths (see below).
  it.each(accepted.map((argv) => ({ argv, shown: argv.join(' ') })))('reads `$shown` into exactly the arguments yargs gives the handler', async ({ argv }) => {
    const fast = fastStagedArgs(argv);
    expect(fast).toBeDefined();
    expect(fast).toEqual(await yargsArgs(argv));
  });

  const handedOn = [
    ['scan', '.'],
    ['staged', '--help'],
    ['staged', '-h'],
    ['staged', '--version'],
    ['staged', 'extra'],
    ['staged', '-'],
    ['staged', '--'],
    ['staged', '--all-lines=false'],
    ['staged', '--all-lines', 'false'],
    ['staged', '--allLines'],
    ['staged', '--all-lines', '--all-lines'],
    ['staged', '--color', '--no-color'],
    ['staged', '--format', 'json', '--format', 'sarif=k.sarif'],
    ['staged', '-f', 'json', '--format', 'csv'],
    ['staged', '--config'],
    ['staged', '--config='],
    ['staged', '--config', '--all-lines'],
    ['staged', '--fail-on', 'bogus'],
    ['staged', '--fail-on-confidence', 'MEDIUM'],
    ['staged', '-fjson'],
    ['staged', '--include', 'src/**'],
    ['staged', '--max-file-size', '1MB'],
    ['staged', '--verify'],
    ['staged', '--report-to', 'https://example.com/v1/reports'],
    ['staged', '--threads', '1'],
    ['staged', '--unknown'],
    ['--color', 'staged'],
  ];
  it.each(handedOn.map((argv) => ({ argv, shown: argv.join(' ') })))('hands `$shown` to the full CLI', ({ argv }) => {
    expect(fastStagedArgs(argv)).toBeUndefined();
  });
});

describe('keylint staged on the fast path and through yargs', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir('keylint-staged-fast-')));
  afterEach(() => cleanup());

  /** stdout, stderr and exit code of the full (yargs) CLI, captured as runCli captures them. */
  async function viaYargs(argv: string[], cwd: string) {
    const parts = { stdout: '', stderr: '' };
    const sink = (key: keyof typeof parts) =>
      new Writable({
        write(chunk, _enc, cb) {
          parts[key] += String(chunk);
          cb();
        },
      });
    const { exitCode } = await runFullCli(argv, { stdin: Readable.from([]), stdout: sink('stdout'), stderr: sink('stderr'), cwd, env: {} });
    return { exitCode, ...parts };
  }
  // A run's duration is the one thing two runs may not share.
  const steady = (r: { exitCode: number; stdout: string; stderr: string }) => ({
    ...r,
    stdout: r.stdout.replace(/\d+ ms\b/g, 'N ms').replace(/"(durationMs|duration|elapsedMs)": \d+/g, '"$1": N'),
  });

  it.each(
    [
      ['staged'],
      ['staged', '--format', 'json'],
      ['staged', '--all-lines', '-f', 'csv'],
      ['staged', '--no-inline-ignores', '--fail-on-confidence', 'high'],
      ['staged', '--format', 'nope'],
      ['staged', '--format', 'json=k.json', '-o', 'other.json'],
      ['staged', '--config', 'missing.toml'],
    ].map((argv) => ({ argv, shown: argv.join(' ') })),
  )('`$shown` prints the same and exits the same', async ({ argv }) => {
    const repo = gitRepo(dir);
    repo.commit('one', { 'app.env': `OLD_TOKEN=${expandExample('{{crc32:ghp_}}', 7)}\n` });
    repo.write({
      'app.env': `OLD_TOKEN=${expandExample('{{crc32:ghp_}}', 7)}\nGITHUB_TOKEN=${expandExample('{{crc32:ghp_}}', 8)} # keylint:allow\nNEW=${expandExample('{{crc32:ghp_}}', 9)}\n`,
    });
    repo.git('add', '-A');
    const fast = await runCli(argv, { cwd: dir });
    expect(fastStagedArgs(argv)).toBeDefined();
    expect(steady(fast)).toEqual(steady(await viaYargs(argv, dir)));
    expect(fast.exitCode).not.toBe(0);
  });
});

describe('the installed pre-commit hook, through bin/keylint.js', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir('keylint-staged-bin-')));
  afterEach(() => cleanup());

  // bin/keylint.js starts `staged` from dist/cli/staged-bundle.js; its fallback to the full CLI loads dist/cli/full-cli.js beside it.
  it('blocks a staged secret, lets a clean change through, and still answers --help', async () => {
    const repo = gitRepo(dir);
    repo.commit('base', { '.gitignore': 'node_modules\n', 'a.txt': 'x\n' });
    mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(join(import.meta.dirname, '..', '..', 'bin', 'keylint.js'), join(dir, 'node_modules', '.bin', 'keylint'));
    expect((await runCli(['hook', 'install'], { cwd: dir })).exitCode).toBe(0);
    const commit = () => spawnSync('git', ['commit', '-q', '-m', 'change'], { cwd: dir, encoding: 'utf8', env: GIT_TEST_ENV });

    repo.write({ 'app.env': `GITHUB_TOKEN=${expandExample('{{crc32:ghp_}}', 11)}\n` });
    repo.git('add', 'app.env');
    const blocked = commit();
    expect(blocked.status).not.toBe(0);
    // git hands a hook's stdout to stderr.
    expect(blocked.stderr).toMatch(/^1 secret/m);
    expect(blocked.stderr).toMatch(/^keylint: commit blocked: /m);

    repo.write({ 'app.env': 'DEBUG=1\n' });
    repo.git('add', 'app.env');
    const clean = commit();
    expect(clean.stderr).toMatch(/^0 secrets, 0 publishable keys in 1 file /);
    expect(clean.status).toBe(0);

    const help = spawnSync(process.execPath, [join(dir, 'node_modules', '.bin', 'keylint'), 'staged', '--help'], { cwd: dir, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^keylint staged\n\nScan what is staged for commit/);
    expect(help.stdout).toContain('--all-lines');
  });

  // The bundle loads worker_threads (and crypto, zlib, fs/promises, net) on first use
  // (scripts/bundle-staged.mjs): a commit big enough to start a scan thread uses that path.
  it('scans a staged change big enough for worker threads, and hashes what it reports', () => {
    const repo = gitRepo(dir);
    repo.commit('base', { 'a.txt': 'x\n' });
    const filler = `${'const value = compute(input, options); // plain code, no secrets here\n'.repeat(1500)}`;
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`src/f${String(i).padStart(2, '0')}.js`] = filler;
    files['src/f29.js'] += `const token = '${expandExample('{{crc32:ghp_}}', 12)}';\n`;
    repo.write(files);
    repo.git('add', '-A');
    expect(Object.values(files).join('').length).toBeGreaterThan(2 * 1024 * 1024); // past the pipeline's PARALLEL_AFTER_BYTES
    const r = spawnSync(process.execPath, [join(import.meta.dirname, '..', '..', 'bin', 'keylint.js'), 'staged', '--format', 'json'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.stderr).toMatch(/^keylint: commit blocked: /m);
    expect(r.status).toBe(1);
    const { findings } = JSON.parse(r.stdout) as { findings: { file: string; ruleId: string; fingerprint: string }[] };
    expect(findings).toEqual([expect.objectContaining({ file: 'src/f29.js', ruleId: 'github-pat', fingerprint: expect.stringMatching(/^[0-9a-f]{16,}$/) })]);
  });
});
