import { KeylintError } from '../../engine/index.js';
import { resolves } from './git.js';
import { isNullSha } from './types.js';

/** One line git writes to a pre-push hook's stdin. */
export interface PushedRef {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}

/** Parses the pre-push hook's stdin: `<local ref> <local sha> <remote ref> <remote sha>` per line. */
export function parsePrePush(text: string): PushedRef[] {
  const refs: PushedRef[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const parts = line.split(/\s+/);
    if (parts.length !== 4 || !/^[0-9a-f]{40,64}$/.test(parts[1]!) || !/^[0-9a-f]{40,64}$/.test(parts[3]!)) {
      throw new KeylintError(`pre-push: stdin line ${i + 1}: expected "<local ref> <local sha> <remote ref> <remote sha>" as git sends it`);
    }
    const [localRef, localSha, remoteRef, remoteSha] = parts as [string, string, string, string];
    refs.push({ localRef, localSha, remoteRef, remoteSha });
  }
  return refs;
}

/**
 * The revision sets a push adds: `remote..local` when the remote's tip is known here, else
 * (a new branch, or a tip this clone never fetched) the commits on no remote-tracking ref.
 * Deletions push nothing.
 */
export async function pushRevisions(repo: string, refs: readonly PushedRef[]): Promise<string[][]> {
  const out: string[][] = [];
  for (const r of refs) {
    if (isNullSha(r.localSha)) continue;
    if (!isNullSha(r.remoteSha) && (await resolves(repo, r.remoteSha))) out.push([`${r.remoteSha}..${r.localSha}`]);
    else out.push([r.localSha, '--not', '--remotes']);
  }
  return out;
}
