import { spawn } from 'node:child_process';
import { GIT_ENV, GitError, gitReason } from './git.js';
import type { CommitInfo } from './types.js';

/** One path a commit set to a new object: its mode (100644, 120000 symlink, 160000 submodule) and object id. */
export interface WalkEntry {
  commit: CommitInfo;
  path: string;
  blob: string;
  mode: string;
}

export interface WalkOptions {
  /** Revision arguments as `git log` takes them (`main`, `A..B`, `--branches`, `X --not --remotes`). */
  revisions: string[];
  since?: string;
  maxCount?: number;
}

const HEADER = 0x1e;
const FORMAT = '%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%s';

/**
 * The git log invocation: every commit oldest-first (parents before children), each with the
 * objects it introduced. Root and shallow-boundary commits list their whole tree (--root);
 * merges list only paths that differ from every parent (-c), i.e. what the merge itself wrote.
 * Renames are plain add+delete so a moved file's blob keeps its first introduction.
 */
export function logArgs(options: WalkOptions): string[] {
  return [
    'log',
    '--raw',
    '-z',
    '--no-abbrev',
    '--no-renames',
    '--root',
    '-c',
    '--reverse',
    '--topo-order',
    '--no-color',
    '--no-show-signature',
    '--no-ext-diff',
    '--no-textconv',
    `--format=${FORMAT}`,
    ...(options.since ? [`--since=${options.since}`] : []),
    ...(options.maxCount !== undefined ? [`--max-count=${options.maxCount}`] : []),
    // Revisions that are all names (no --branches, --not): none can be read as an option.
    ...(options.revisions.some((r) => r.startsWith('-')) ? [] : ['--end-of-options']),
    ...options.revisions,
    '--',
  ];
}

/** Streams the objects each commit introduced, oldest commit first. */
export async function* walkLog(repo: string, options: WalkOptions): AsyncGenerator<WalkEntry> {
  const proc = spawn('git', logArgs(options), { cwd: repo, env: GIT_ENV });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 8192) stderr += d.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    proc.on('error', reject);
    proc.on('close', resolve);
  });
  exited.catch(() => {});
  let commit: CommitInfo | undefined;
  // After a raw line, the next field is its path.
  let pending: { mode: string; blob: string } | undefined;
  let rest: Buffer = Buffer.alloc(0);
  try {
    for await (const data of proc.stdout as AsyncIterable<Buffer>) {
      const buf = rest.length ? Buffer.concat([rest, data]) : data;
      let start = 0;
      for (let nul = buf.indexOf(0, start); nul >= 0; nul = buf.indexOf(0, start)) {
        let field = buf.subarray(start, nul);
        start = nul + 1;
        if (pending) {
          if (commit) yield { commit, path: field.toString('utf8'), ...pending };
          pending = undefined;
          continue;
        }
        while (field[0] === 10) field = field.subarray(1);
        if (field.length === 0) continue;
        if (field[0] === HEADER) {
          const [sha = '', author = '', email = '', date = '', subject = ''] = field.subarray(1).toString('utf8').split('\x1f');
          commit = { sha, author, email, date, subject };
        } else if (field[0] === 0x3a /* ':' */) {
          pending = parseRaw(field.toString('latin1'));
        }
      }
      rest = buf.subarray(start);
    }
    const code = await exited;
    if (code !== 0) throw new GitError(`git log: ${gitReason(stderr)}`);
  } finally {
    if (proc.exitCode === null) proc.kill();
  }
}

/**
 * Parses a raw diff line: `:old new oldSha newSha M` or, for a merge's combined diff,
 * `::p1 p2 new p1Sha p2Sha newSha MM` (one colon per parent). Returns the new side.
 */
export function parseRaw(line: string): { mode: string; blob: string } {
  let parents = 0;
  while (line[parents] === ':') parents++;
  const parts = line.slice(parents).split(' ');
  return { mode: parts[parents] ?? '', blob: parts[2 * parents + 1] ?? '' };
}
