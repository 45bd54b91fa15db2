import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readStagedChange } from '../../../src/sources/git/staged.js';
import { addedLines } from '../../../src/sources/git/added-lines.js';
import { tempDir } from '../../helpers/cli.js';
import { gitRepo } from './helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keylint-staged-diff-')));
afterEach(() => cleanup());

const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag} line ${i + 1}`).join('\n') + '\n';

describe('the staged change, read from one git diff', () => {
  it('lists added, modified and renamed files at their new paths in index order, and the lines each adds', async () => {
    const repo = gitRepo(dir);
    repo.commit('base', { 'b.txt': 'one\n', 'gone.txt': 'bye\n', 'old/moved.txt': lines(20, 'm'), 'z/same.txt': lines(20, 's') });
    repo.write({
      'old/moved.txt': null,
      'a/moved.txt': lines(20, 'm') + 'added\n', // a rename with an edit
      'z/same.txt': null,
      'y/same.txt': lines(20, 's'), // a pure rename
      'b.txt': 'one\ntwo\n',
      'tab\there.txt': 'x\n',
      'é.txt': 'y\n',
      'gone.txt': null,
    });
    repo.git('add', '-A');
    expect(repo.git('diff', '--cached', '-M', '--name-status')).toMatch(/^R\d+\told\/moved.txt\ta\/moved.txt$/m);
    const change = await readStagedChange(dir);
    const blob = (path: string) => repo.git('rev-parse', `:${path}`);
    expect(change.refs).toEqual(['a/moved.txt', 'b.txt', 'tab\there.txt', 'y/same.txt', 'é.txt'].map((path) => ({ path, blob: blob(path) })));
    const added = addedLines(change.patch!);
    expect(added.get('a/moved.txt')).toEqual(new Set([21]));
    expect(added.get('b.txt')).toEqual(new Set([2]));
    expect(added.get('tab\there.txt')).toEqual(new Set([1]));
    expect(added.get('é.txt')).toEqual(new Set([1]));
    expect(added.get('y/same.txt') ?? new Set()).toEqual(new Set());
  });

  it('asks for no patch with every line counting, and reads the same from a subfolder', async () => {
    const repo = gitRepo(dir);
    repo.commit('base', { 'pkg/a.txt': 'a\n' });
    repo.write({ 'pkg/a.txt': 'a\nb\n', 'top.txt': 'c\n' });
    repo.git('add', '-A');
    const fromTop = await readStagedChange(dir, true);
    expect(fromTop.patch).toBeUndefined();
    expect(fromTop.refs.map((r) => r.path)).toEqual(['pkg/a.txt', 'top.txt']);
    expect(await readStagedChange(`${dir}/pkg`)).toEqual(await readStagedChange(dir));
  });

  it('has nothing to list when nothing is staged, and leaves out symlinks', async () => {
    const repo = gitRepo(dir);
    repo.commit('base', { 'a.txt': 'a\n' });
    expect(await readStagedChange(dir)).toEqual({ refs: [], patch: '' });
    repo.git('update-index', '--add', '--cacheinfo', `120000,${repo.git('hash-object', '-w', '--stdin', '--path=link')},link`);
    expect((await readStagedChange(dir)).refs).toEqual([]);
  });
});
