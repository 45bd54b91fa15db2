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

