import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KeylintError } from '../engine/index.js';
import { git, resolves } from '../sources/git/git.js';
import type { ScanPlan } from './event.js';

const FETCH_HINT = 'check out with actions/checkout and fetch-depth: 0 so the range is in the clone';

/**
 * The git revision arguments (as `git rev-list` takes them) for a range plan: `base..head`,
 * or for a new branch `head --not <every other ref>`. A push whose `before` is gone from the
 * clone (a force push) is scanned like a new branch.
 */
export async function revisionsFor(repo: string, plan: Extract<ScanPlan, { kind: 'range' | 'new-branch' }>): Promise<string[]> {
  if (!(await resolves(repo, plan.head))) throw new KeylintError(`commit ${plan.head} is not in the clone at ${repo}: ${FETCH_HINT}`);
  if (plan.kind === 'range') {
    if (await resolves(repo, plan.base)) return [`${plan.base}..${plan.head}`];
    if (!plan.branch) throw new KeylintError(`base commit ${plan.base} is not in the clone at ${repo}: ${FETCH_HINT}`);
  }
  const branch = (plan.branch ?? '').replace(/^refs\/heads\//, '');
  const refs = (await git(repo, ['for-each-ref', '--format=%(refname)'])).split('\n').filter(Boolean);
  // The pushed branch's own refs (local and remote-tracking) contain the very commits to scan.
  const own = (r: string) => r === plan.branch || r === `refs/heads/${branch}` || (r.startsWith('refs/remotes/') && r.split('/').slice(3).join('/') === branch);
  const others = refs.filter((r) => !own(r) && !r.endsWith('/HEAD'));
  return [plan.head, ...(others.length ? ['--not', ...others] : [])];
}

/** The commits a revision list selects, newest first. */
export async function commitsIn(repo: string, revisions: string[]): Promise<string[]> {
  return (await git(repo, ['rev-list', ...revisions])).split('\n').filter(Boolean);
}

/**
 * A shallow clone's boundary commits have no parents here, so a history scan takes their whole
 * tree as new and never sees what the missing commits added and later removed: a push of "add
 * key", "remove key" checked out one commit deep (actions/checkout's default) would pass clean,
 * its `before` missing and so taken for a force push. A selection that reaches the boundary is
 * refused rather than scanned short.
 */
export async function assertWithinClone(repo: string, commits: readonly string[]): Promise<void> {
  const boundary = await shallowBoundary(repo);
  const cut = commits.find((sha) => boundary.has(sha));
  if (cut) throw new KeylintError(`commit ${cut} is at the boundary of the shallow clone at ${repo} (its parents were not fetched): ${FETCH_HINT}`);
}

/** The commits git lists in the repository's `shallow` file: none in a full clone. */
async function shallowBoundary(repo: string): Promise<Set<string>> {
  // --git-path answers relative to the working directory (git runs in `repo`), and finds a linked worktree's common dir.
  const file = resolve(repo, (await git(repo, ['rev-parse', '--git-path', 'shallow'])).trim());
  if (!existsSync(file)) return new Set();
  return new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean));
}
