import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandExample } from '../../src/engine/index.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { gitRepo } from '../sources/git/helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keylint-staged-')));
afterEach(() => cleanup());

let seed = 100;
const ghp = () => expandExample('{{crc32:ghp_}}', seed++);
const json = (stdout: string) => JSON.parse(stdout) as { findings: { file: string; line: number; commit?: string }[] };

describe('keylint staged', () => {
  it('ignores unstaged working-tree edits and reports a staged one', async () => {
    const repo = gitRepo(dir);
    repo.commit('one', { 'app.env': 'DEBUG=1\n' });
    repo.write({ 'app.env': `DEBUG=1\nGITHUB_TOKEN=${ghp()}\n` });
    const unstaged = await runCli(['staged'], { cwd: dir });
    expect(unstaged.exitCode).toBe(0);
    expect(unstaged.stdout).toMatch(/^0 secrets, 0 publishable keys in 0 files/m);

    repo.git('add', 'app.env');
    repo.write({ 'app.env': 'DEBUG=1\n' }); // the working tree no longer has it; the index does
    const staged = await runCli(['staged', '--format', 'json'], { cwd: dir });
    expect(staged.exitCode).toBe(1);
    expect(json(staged.stdout).findings).toEqual([expect.objectContaining({ file: 'app.env', line: 2 })]);
    expect(json(staged.stdout).findings[0]).not.toHaveProperty('commit');
    expect(staged.stderr).toMatch(/^keylint: commit blocked: .*keylint:allow.*\n$/);
  });

  it('blames only added lines by default; --all-lines reports the whole staged file', async () => {
    const repo = gitRepo(dir);
    repo.commit('old secret', { 'app.env': `GITHUB_TOKEN=${ghp()}\n` });
    repo.write({ 'app.env': `GITHUB_TOKEN=${(repo.git('show', 'HEAD:app.env').split('=')[1] ?? '').trim()}\nDEBUG=1\n` });
    repo.git('add', 'app.env');
    expect((await runCli(['staged'], { cwd: dir })).exitCode).toBe(0);
    const all = await runCli(['staged', '--all-lines', '--format', 'json'], { cwd: dir });
    expect(all.exitCode).toBe(1);
    expect(json(all.stdout).findings).toEqual([expect.objectContaining({ file: 'app.env', line: 1 })]);
  });

  it('scans the first commit of a new repository, with paths from the repository root', async () => {
    const repo = gitRepo(dir);
    repo.write({ 'pkg/web/.env': `A=1\nB=2\nGITHUB_TOKEN=${ghp()}\n`, 'README.md': '# x\n' });
    repo.git('add', '-A');
    const r = await runCli(['staged', '--format', 'json'], { cwd: `${dir}/pkg` });
    expect(r.exitCode).toBe(1);
    expect(json(r.stdout).findings).toEqual([expect.objectContaining({ file: 'pkg/web/.env', line: 3 })]);
  });

  it('honors keylint:allow on the staged line', async () => {
    const repo = gitRepo(dir);
    repo.write({ 'a.env': `GITHUB_TOKEN=${ghp()} # keylint:allow test fixture\n` });
    repo.git('add', '-A');
    expect((await runCli(['staged'], { cwd: dir })).exitCode).toBe(0);
  });

  it('reports an added line in a file whose path has a space (git ends its +++ line with a tab)', async () => {
    const repo = gitRepo(dir);
    repo.write({ 'my app/prod config.env': `A=1\nGITHUB_TOKEN=${ghp()}\n` });
    repo.git('add', '-A');
    const r = await runCli(['staged', '--format', 'json'], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(json(r.stdout).findings).toEqual([expect.objectContaining({ file: 'my app/prod config.env', line: 2 })]);
  });

  it('reports added lines in text files .gitattributes marks -diff or binary', async () => {
    const repo = gitRepo(dir);
    repo.commit('attributes', { '.gitattributes': '*.lock -diff\nsecrets.env binary\n', 'app.lock': 'v1\n' });
    repo.write({ 'app.lock': `v1\nGITHUB_TOKEN=${ghp()}\n`, 'secrets.env': `GITHUB_TOKEN=${ghp()}\n` });
    repo.git('add', '-A');
    const r = await runCli(['staged', '--format', 'json'], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(
      json(r.stdout)
        .findings.map((f) => [f.file, f.line])
        .sort(),
    ).toEqual([
      ['app.lock', 2],
      ['secrets.env', 1],
    ]);
    // Moving such a file adds no line: its secret is not this commit's.
    repo.commitStaged('secrets');
    repo.git('mv', 'app.lock', 'moved.lock');
    expect((await runCli(['staged'], { cwd: dir })).exitCode).toBe(0);
  });

  it('does not blame a rename for the secret the file already held, only for lines it adds', async () => {
    const repo = gitRepo(dir);
    repo.commit('old secret', { 'old.env': `A=1\nB=2\nC=3\nGITHUB_TOKEN=${ghp()}\n` });
    repo.git('mv', 'old.env', 'new.env');
    expect((await runCli(['staged'], { cwd: dir })).exitCode).toBe(0);
    repo.write({ 'new.env': `${readFileSync(join(dir, 'new.env'), 'utf8')}NPM=1\nGITHUB_TOKEN=${ghp()}\n` });
    repo.git('add', '-A');
    const r = await runCli(['staged', '--format', 'json'], { cwd: dir });
    expect(json(r.stdout).findings).toEqual([expect.objectContaining({ file: 'new.env', line: 6 })]);
    expect((await runCli(['staged', '--all-lines', '--format', 'json'], { cwd: dir })).stdout).toContain('"line": 4');
  });

  it('skips deleted files and exits 2 outside a repository', async () => {
    const repo = gitRepo(dir);
    repo.commit('one', { 'a.env': `GITHUB_TOKEN=${ghp()}\n` });
    repo.git('rm', '-q', 'a.env');
    expect((await runCli(['staged'], { cwd: dir })).exitCode).toBe(0);
    const outside = tempDir();
    try {
      const r = await runCli(['staged'], { cwd: outside.dir });
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toBe(`keylint: ${outside.dir}: not a git repository\n`);
    } finally {
      outside.cleanup();
    }
  });
});
