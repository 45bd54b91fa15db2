import { gitBuffer, resolves } from './git.js';
import { walkLog, type WalkOptions } from './log-walk.js';
import type { BlobRef } from './types.js';

/** The blobs a history scan reads, each once, with what it passed over. */
export interface HistoryPlan {
  blobs: BlobRef[];
  /** Paths of submodule entries: their commits live in other repositories. */
  submodules: string[];
  symlinks: number;
}

/**
 * Every ref worth scanning when none is named: branches, tags, remote-tracking branches and
 * HEAD (which may be detached). Empty when the repository has no commit at all.
 */
export async function defaultRevisions(repo: string): Promise<string[]> {
  const refs = (await gitBuffer(repo, ['for-each-ref', '--count=1', '--format=%(refname)', 'refs/heads', 'refs/tags', 'refs/remotes'])).toString().trim();
  const head = await resolves(repo, 'HEAD');
  if (!refs && !head) return [];
  return ['--branches', '--tags', '--remotes', ...(head ? ['HEAD'] : [])];
}

/**
 * Walks the commits oldest-first and keeps the first introduction of each blob: the commit and
 * path it is reported under. A blob first seen at an excluded path is still taken at the first
 * included path it appears at later. `pathClass` names which rules read a path: a blob moved
 * to a path of another class (`netrc.txt` to `.netrc`) is taken again there, since rules that
 * passed it over may now apply.
 */
export async function planHistory(
  repo: string,
  walks: WalkOptions[],
  keepPath: (path: string) => boolean = () => true,
  pathClass: (path: string) => string = () => '',
): Promise<HistoryPlan> {
  const seen = new Set<string>();
  const submodules = new Set<string>();
  const symlinks = new Set<string>();
  const blobs: BlobRef[] = [];
  for (const walk of walks) {
    for await (const e of walkLog(repo, walk)) {
      if (e.mode === '160000') submodules.add(e.path);
      else if (e.mode === '120000') symlinks.add(e.blob);
      else if (e.mode.startsWith('100') && !seen.has(`${e.blob}:${pathClass(e.path)}`) && keepPath(e.path)) {
        seen.add(`${e.blob}:${pathClass(e.path)}`);
        blobs.push({ blob: e.blob, path: e.path, commit: e.commit });
      }
    }
  }
  return { blobs, submodules: [...submodules], symlinks: symlinks.size };
}
