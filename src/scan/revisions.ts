import { KeylintError } from '../engine/index.js';
import { gitBuffer, resolves } from '../sources/git/git.js';

/** Which commits a history scan walks: a range, some branches, or (neither) everything. */
export interface RevisionChoice {
  /** `A..B`: only the commits reachable from B and not from A (a pull request's base..head). */
  range?: string;
  /** Only commits reachable from these branches or commits. */
  branch?: string[];
}

/** The revision sets a range or branches choose, checked against the repository so a typo is one clear line. */
export async function chosenRevisions(top: string, choice: RevisionChoice): Promise<string[][] | undefined> {
  // git would read a revision that starts with "-" as one of its own options (--output=FILE...).
  for (const r of [choice.range ?? '', ...(choice.branch ?? [])]) {
    if (r.startsWith('-')) throw new KeylintError(`${choice.range === r ? '--range' : '--branch'} ${r}: a revision cannot start with "-"`);
  }
  if (choice.range !== undefined) {
    if (!/^[^.\s][^\s]*\.\.\.?[^\s]+$/.test(choice.range))
      throw new KeylintError(`--range ${choice.range}: expected A..B (the commits reachable from B and not from A)`);
    try {
      await gitBuffer(top, ['rev-parse', '--end-of-options', choice.range]);
    } catch {
      throw new KeylintError(`--range ${choice.range}: not a commit range in this repository`);
    }
    return [[choice.range]];
  }
  if (choice.branch?.length) {
    for (const b of choice.branch) if (!(await resolves(top, b))) throw new KeylintError(`--branch ${b}: no such branch or commit in this repository`);
    return [[...choice.branch]];
  }
  return undefined;
}
