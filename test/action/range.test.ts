import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { assertWithinClone, commitsIn, revisionsFor } from '../../src/action/range.js';
import { tempDir } from '../helpers/cli.js';
import { gitRepo } from './helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

/** main: m1 - m2; feature off m2: f1 - f2; main moves on after the branch: m3. */
function forkedRepo() {
  const repo = gitRepo(dir);
  const m1 = repo.commit('m1', { a: '1' });
  const m2 = repo.commit('m2', { a: '2' });
  repo.git('checkout', '-q', '-b', 'feature');
  const f1 = repo.commit('f1', { b: '1' });
  const f2 = repo.commit('f2', { b: '2' });
  repo.git('checkout', '-q', 'main');
  const m3 = repo.commit('m3', { a: '3' });
  return { repo, m1, m2, m3, f1, f2 };
}

describe('commit ranges', () => {
  it('selects a pull request by base..head: its own commits, even when the base branch moved on', async () => {
    const { m3, f1, f2 } = forkedRepo();
    const revs = await revisionsFor(dir, { kind: 'range', base: m3, head: f2, why: 'pr' });
    expect(await commitsIn(dir, revs)).toEqual([f2, f1]);
  });

  it('selects a new branch by the commits on no other ref', async () => {
    const { f1, f2 } = forkedRepo();
    const revs = await revisionsFor(dir, { kind: 'new-branch', head: f2, branch: 'refs/heads/feature', why: 'new' });
    expect(await commitsIn(dir, revs)).toEqual([f2, f1]);
  });

  it('treats a force push whose old tip is gone from the clone like a new branch', async () => {
    const { f1, f2 } = forkedRepo();
    const revs = await revisionsFor(dir, { kind: 'range', base: 'd'.repeat(40), head: f2, branch: 'refs/heads/feature', why: 'push' });
    expect(await commitsIn(dir, revs)).toEqual([f2, f1]);
  });

  it('says how to fix a clone that lacks the range', async () => {
    const { f2 } = forkedRepo();
    await expect(revisionsFor(dir, { kind: 'range', base: 'd'.repeat(40), head: f2, why: 'pr' })).rejects.toThrow(
      /base commit d{40} is not in the clone .*fetch-depth: 0/,
    );
    await expect(revisionsFor(dir, { kind: 'range', base: f2, head: 'e'.repeat(40), why: 'pr' })).rejects.toThrow(/commit e{40} is not in the clone/);
  });

  it("refuses a selection that reaches a shallow clone's boundary, where a commit's parents are missing", async () => {
    const { f1, f2 } = forkedRepo();
    const full = await commitsIn(dir, await revisionsFor(dir, { kind: 'new-branch', head: f2, branch: 'refs/heads/feature', why: 'new' }));
    await expect(assertWithinClone(dir, full)).resolves.toBeUndefined();

    // Two commits deep, as a checkout with fetch-depth: 2 of the pushed branch alone: f1 is the boundary.
    const clone = join(dir, 'shallow');
    execFileSync('git', ['clone', '-q', '--depth', '2', '--branch', 'feature', `file://${dir}`, clone], {
      env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' },
    });
    const commits = await commitsIn(clone, await revisionsFor(clone, { kind: 'new-branch', head: f2, branch: 'refs/heads/feature', why: 'new' }));
    expect(commits).toEqual([f2, f1]);
    await expect(assertWithinClone(clone, commits)).rejects.toThrow(
      new RegExp(`commit ${f1} is at the boundary of the shallow clone at .*shallow.*fetch-depth: 0`),
    );
  });
});
