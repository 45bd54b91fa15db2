import { gitBuffer, resolves } from './git.js';
import { walkLog, type WalkEntry, type WalkOptions } from './log-walk.js';
import type { BlobRef } from './types.js';

/** The blobs a history scan reads, each once, with what it passed over. */
export interface HistoryPlan {
  blobs: BlobRef[];
  /** Paths of submodule entries: their commits live in other repositories. */
  submodules: string[];
  symlinks: number;
  /**
   * Other paths (and the commits that put it there) where a planned blob appeared later:
   * it is read once, and its findings are reported at each of these paths too.
   */
  alsoAt: Map<string, BlobRef[]>;
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
  keepPath?: (path: string) => boolean,
  pathClass?: (path: string) => string,
): Promise<HistoryPlan> {
  const plan = emptyPlan();
  for await (const blob of planBlobs(repo, walks, plan, keepPath, pathClass)) void blob; // planBlobs fills `plan` as it goes
  return plan;
}

/** A plan before the walk: nothing in it yet. */
export function emptyPlan(): HistoryPlan {
  return { blobs: [], submodules: [], symlinks: 0, alsoAt: new Map() };
}

/**
 * planHistory as the walk goes: yields each blob as soon as the walk decides it is read (a
 * blob's fate depends only on the commits before it), so reading and scanning start while
 * git is still walking. `plan` is filled along the way and is whole once the walk ends.
 */
export async function* planBlobs(
  repo: string,
  walks: WalkOptions[],
  plan: HistoryPlan,
  keepPath: (path: string) => boolean = () => true,
  pathClass: (path: string) => string = () => '',
): AsyncGenerator<BlobRef> {
  const { blobs, alsoAt } = plan;
  const seen = new Set<string>();
  const submodules = new Set<string>();
  const symlinks = new Set<string>();
  const placed = new Set<string>();
  // Where each blob sits as the walk goes, so a copy (both paths hold it) is told from a rename.
  const blobAt = new Map<string, string>();
  const pathsOf = new Map<string, Set<string>>();
  const remove = (path: string) => {
    const blob = blobAt.get(path);
    if (blob) pathsOf.get(blob)?.delete(path);
    blobAt.delete(path);
  };
  const place = (path: string, blob: string) => {
    remove(path);
    blobAt.set(path, blob);
    if (!pathsOf.has(blob)) pathsOf.set(blob, new Set());
    pathsOf.get(blob)!.add(path);
  };
  const take = (e: WalkEntry) => {
    if (e.mode === '160000') submodules.add(e.path);
    else if (e.mode === '120000') symlinks.add(e.blob);
    else if (e.mode.startsWith('100') && keepPath(e.path)) {
      const where = `${e.blob}:${e.path}`;
      // Counted, not listed: a blob common to many paths (an empty file, a license) would make listing quadratic.
      const paths = pathsOf.get(e.blob);
      const sitsElsewhere = paths !== undefined && paths.size > (paths.has(e.path) ? 1 : 0);
      place(e.path, e.blob);
      if (placed.has(where)) return;
      placed.add(where);
      if (!seen.has(`${e.blob}:${pathClass(e.path)}`)) {
        seen.add(`${e.blob}:${pathClass(e.path)}`);
        blobs.push({ blob: e.blob, path: e.path, commit: e.commit });
      } else if (sitsElsewhere) {
        // The same content at a second path at once (a copy): not read again, but reported there too.
        const list = alsoAt.get(e.blob) ?? [];
        list.push({ blob: e.blob, path: e.path, commit: e.commit });
        alsoAt.set(e.blob, list);
      }
    } else if (/^0+$/.test(e.mode)) remove(e.path);
  };
  let yielded = blobs.length;
  for (const walk of walks) {
    // One commit's entries at a time, deletions first: a rename deletes the old path in the same commit.
    let batch: WalkEntry[] = [];
    const flush = () => {
      batch.filter((e) => /^0+$/.test(e.mode)).forEach(take);
      batch.filter((e) => !/^0+$/.test(e.mode)).forEach(take);
      batch = [];
    };
    for await (const e of walkLog(repo, walk)) {
      if (batch.length && batch[0]!.commit.sha !== e.commit.sha) {
        flush();
        while (yielded < blobs.length) yield blobs[yielded++]!;
      }
      batch.push(e);
    }
    flush();
    while (yielded < blobs.length) yield blobs[yielded++]!;
  }
  plan.submodules = [...submodules];
  plan.symlinks = symlinks.size;
}
