import { gitBuffer, nulFields, resolves } from './git.js';

/** HEAD's tree: the blob at each path. Undefined when HEAD has no commit yet. */
export interface HeadTree {
  blobs: Set<string>;
  byPath: Map<string, string>;
}

export async function readHeadTree(repo: string): Promise<HeadTree | undefined> {
  if (!(await resolves(repo, 'HEAD'))) return undefined;
  const out = await gitBuffer(repo, ['ls-tree', '-r', '-z', '--full-tree', 'HEAD']);
  const tree: HeadTree = { blobs: new Set(), byPath: new Map() };
  for (const field of nulFields(out)) {
    // "<mode> <type> <sha>\t<path>"; the path may hold any byte but NUL.
    const tab = field.indexOf(9);
    const [, type, sha] = field.subarray(0, tab).toString('latin1').split(' ');
    if (type !== 'blob' || !sha) continue;
    tree.blobs.add(sha);
    tree.byPath.set(field.subarray(tab + 1).toString('utf8'), sha);
  }
  return tree;
}
