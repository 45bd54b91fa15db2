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
