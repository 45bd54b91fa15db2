import { rm, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { locateFinding, type Chunk, type Finding, type Scanner } from '../engine/index.js';
import type { SkipCounts, WarnFn } from '../sources/types.js';
import { blobChunks } from '../sources/git/blob-chunks.js';
import { attachSecret } from '../engine/index.js';
import { BlobCache, cacheKey, ruleSetHash } from '../sources/git/cache.js';
import { CatFile } from '../sources/git/cat-file.js';
import { gitBuffer, nulFields, openRepo, type RepoInfo } from '../sources/git/git.js';
import { readHeadTree, type HeadTree } from '../sources/git/head.js';
import { defaultRevisions, emptyPlan, planBlobs, type HistoryPlan } from '../sources/git/history.js';
import type { WalkOptions } from '../sources/git/log-walk.js';
import type { BlobRef, GitChunk } from '../sources/git/types.js';

export interface HistoryScanOptions {
  /** Any folder inside the repository. */
  dir: string;
  /** How the repository is named in messages. */
  label?: string;
  /** Revision sets to walk (each one `git log` run); unset: every branch, tag, remote branch and HEAD. */
  revisions?: string[][];
  since?: string;
  maxCount?: number;
  keepPath?: (path: string) => boolean;
  maxFileSize: number;
  skipped: SkipCounts;
  /** Read and update the blob cache under .git/keylint/ (default true). */
  cache?: boolean;
  scanner: Scanner;
  /** keylint's version: part of the cache key. */
  version: string;
  warn: WarnFn;
}

/** A history scan ready to run through the pipeline: chunks, what to observe of their findings, and the steps after. */
export interface PreparedHistoryScan {
  repo: RepoInfo;
  source: AsyncIterable<GitChunk>;
  /** The pipeline's `observe`: records clean blobs in the cache and which secrets HEAD still holds. */
  observe: (chunk: Chunk, raw: Finding[]) => Finding[];
  /** Blobs to read: those planned so far while the walk runs, all of them once it has ended. */
  readonly blobs: number;
  /** Sets commit, author, email and date from the chunk's introducing commit. */
  annotate: (finding: Finding, chunk: Chunk) => void;
  /** Keeps each secret's first introduction per path, sets `inHead` on the findings and saves the cache. */
  finish: (findings: Finding[], keep?: (copy: Finding) => boolean) => Promise<void>;
  /** Ends the git processes (the walk, if it is still going, and cat-file); call it whatever happened. */
  close: () => Promise<void>;
}

/** Plans a history scan: validates the repo, walks the chosen commits and lines up each unique blob once. */
export async function prepareHistoryScan(options: HistoryScanOptions): Promise<PreparedHistoryScan> {
  const repo = await openRepo(options.dir, options.label);
  const revisions = options.revisions ?? [await defaultRevisions(repo.top)].filter((r) => r.length > 0);
  if (!options.revisions && revisions.length === 0) options.warn(`${options.label ?? repo.top}: no commits yet, nothing in history to scan`);
  if (repo.shallow)
    options.warn(
      "shallow clone: commits before the clone's boundary are not here; blobs they introduced are attributed to the oldest commit present (git fetch --unshallow for full history)",
    );
  const walks: WalkOptions[] = revisions.map((r) => ({ revisions: r, since: options.since, maxCount: options.maxCount }));
  const plan = emptyPlan();
  // Blobs are read and scanned while git is still walking: a blob's fate depends only on
  // the commits before it. The walk is started first, so git works while the cache file
  // and HEAD's tree are read.
  const walk = startedEarly(plannedBlobs(repo.top, walks, plan, options));
  let cache: BlobCache | undefined;
  let head: HeadTree | undefined;
  try {
    [cache, head] = await Promise.all([
      options.cache === false ? undefined : BlobCache.open(join(repo.gitDir, 'keylint'), ruleSetHash(options.scanner.rules, options.version)),
      readHeadTree(repo.top),
    ]);
  } catch (e) {
    await walk.stop(); // ends git log, which would otherwise keep the process alive
    throw e;
  }

  const headSecrets = new Set<string>();
  const blobOf = new WeakMap<Finding, string>();
  const reader = new CatFile(repo.top);
  const observe = (chunk: Chunk, raw: Finding[]) => {
    const c = chunk as GitChunk;
    if (c.cached) return [];
    if (cache && !c.findings && !c.inArchive) remember(cache, c, raw);
    for (const f of raw) blobOf.set(f, c.blob);
    if (head?.blobs.has(c.blob)) for (const f of raw) headSecrets.add(f.fingerprint);
    return raw;
  };
  return {
    repo,
    source: blobChunks(reader, walk, { maxFileSize: options.maxFileSize, skipped: options.skipped, cache, warn: options.warn }),
    observe,
    get blobs() {
      return plan.blobs.length;
    },
    annotate: (f, chunk) => {
      const commit = (chunk as GitChunk).commit;
      if (!commit) return;
      Object.assign(f, { commit: commit.sha, author: commit.author, email: commit.email, date: commit.date });
    },
    finish: async (findings, keep) => {
      firstIntroductions(findings, blobOf);
      reportAtEveryPath(findings, blobOf, plan.alsoAt, keep);
      if (head) await findInHead(repo, head, plan.blobs, findings, headSecrets, options.scanner, reader);
      for (const f of findings) f.inHead = headSecrets.has(f.fingerprint);
      await cache?.save();
    },
    close: async () => {
      await walk.stop();
      await reader.close();
    },
  };
}

/** The blobs to read as the walk plans them; once it ends, warns of submodules and counts symlinks. */
async function* plannedBlobs(repo: string, walks: WalkOptions[], plan: HistoryPlan, options: HistoryScanOptions): AsyncGenerator<BlobRef> {
  yield* planBlobs(repo, walks, plan, options.keepPath, rulePathClass(options.scanner));
  if (plan.submodules.length) {
    const n = plan.submodules.length;
    options.warn(
      `skipped ${n} submodule${n === 1 ? '' : 's'} (${plan.submodules.slice(0, 3).join(', ')}${n > 3 ? ', …' : ''}): scan each one's own history with keylint history <path>`,
    );
  }
  options.skipped.symlinks += plan.symlinks;
}

/**
 * An async iterable whose first item is asked for at once, so what the source does before
 * it (spawning git) starts now rather than when iteration begins. `stop` ends the source
 * early, for when nothing will iterate it after all.
 */
function startedEarly<T>(items: AsyncIterable<T>): AsyncIterable<T> & { stop: () => Promise<void> } {
  const it = items[Symbol.asyncIterator]();
  let first: Promise<IteratorResult<T>> | undefined = it.next();
  first.catch(() => {}); // a failure surfaces where the items are read
  return {
    [Symbol.asyncIterator]: () => ({
      next: () => {
        const next = first ?? it.next();
        first = undefined;
        return next;
      },
      return: async (value?: unknown) => (await it.return?.(value)) ?? { done: true, value },
    }),
    stop: async () => {
      await first?.catch(() => {});
      await it.return?.(undefined);
    },
  };
}

/**
 * A secret that stays in a file through later edits lives in many blobs; it is reported once
 * per path, at the oldest commit that introduced it (blobs are scanned oldest-first). A blob
 * scanned again at a later path (see planHistory) adds only what its earlier path did not show.
 */
function firstIntroductions(findings: Finding[], blobOf: WeakMap<Finding, string>): void {
  const seen = new Set<string>();
  let kept = 0;
  for (const f of findings) {
    const keys = [`${f.fingerprint}\0${f.file}`, `${f.fingerprint}\0${blobOf.get(f) ?? ''}`];
    if (keys.some((k) => seen.has(k))) continue;
    keys.forEach((k) => seen.add(k));
    findings[kept++] = f;
  }
  findings.length = kept;
}

/**
 * A blob read once at its first path may sit at other paths too (copied, renamed): each of
 * its findings is reported at those paths as well, with the commit that put it there,
 * unless that path already reports the same secret.
 */
function reportAtEveryPath(
  findings: Finding[],
  blobOf: WeakMap<Finding, string>,
  alsoAt: Map<string, BlobRef[]>,
  keep: (copy: Finding) => boolean = () => true,
): void {
  if (alsoAt.size === 0) return;
  const present = new Set(findings.map((f) => `${f.fingerprint}\0${f.file}`));
  const copies: Finding[] = [];
  for (const f of findings) {
    const blob = blobOf.get(f);
    for (const other of (blob && alsoAt.get(blob)) || []) {
      const key = `${f.fingerprint}\0${other.path}`;
      if (present.has(key)) continue;
      present.add(key);
      const c = other.commit;
      const copy = attachSecret({ ...f, file: other.path, ...(c && { commit: c.sha, author: c.author, email: c.email, date: c.date }) }, f.secret);
      // The other path answers to its own folder's config and allowlists.
      if (!keep(copy)) continue;
      blobOf.set(copy, blob!);
      copies.push(copy);
    }
  }
  findings.push(...copies);
}

/**
 * Which of the path-limited rules (`path`, or an allowlist of paths) read a path, as a key:
 * paths alike in this are scanned alike, so a blob is read once per kind of path it visits.
 */
function rulePathClass(scanner: Scanner): (path: string) => string {
  const limited = scanner.rules.filter((r) => r.path || r.allowlist.paths.length > 0);
  const known = new Map<string, string>();
  return (path) => {
    let key = known.get(path);
    if (key === undefined) {
      key = limited.map((r) => ((!r.path || r.path.test(path)) && !r.allowlist.paths.some((p) => p.test(path)) ? '1' : '0')).join('');
      known.set(path, key);
    }
    return key;
  };
}

/**
 * A range or --since scan leaves most of HEAD's blobs unread, yet a secret found in the range
 * may also sit in one of them. `git grep` finds which HEAD files hold any such secret; only
 * those are read and scanned. The patterns go through a private file, never the command line.
 */
async function findInHead(
  repo: RepoInfo,
  head: HeadTree,
  planned: readonly BlobRef[],
  findings: Finding[],
  headSecrets: Set<string>,
  scanner: Scanner,
  reader: CatFile,
): Promise<void> {
  const open = findings.filter((f) => !headSecrets.has(f.fingerprint) && typeof f.secret === 'string' && !f.secret.includes('\n'));
  if (open.length === 0) return;
  const read = new Set(planned.map((b) => b.blob));
  if ([...head.blobs].every((b) => read.has(b))) return;
  const dir = join(repo.gitDir, 'keylint');
  await mkdir(dir, { recursive: true });
  const patterns = join(dir, `patterns-${process.pid}.tmp`);
  await writeFile(patterns, [...new Set(open.map((f) => f.secret))].join('\n') + '\n', { mode: 0o600 });
  let hits: string[];
  try {
    // git grep exits 1 when nothing matches: that is an answer, not a failure.
    const out = await gitBuffer(repo.top, ['grep', '-l', '-z', '-I', '-F', '--full-name', '--no-color', '-f', patterns, 'HEAD', '--'], { okExit: [1] });
    hits = nulFields(out).map((p) => p.toString('utf8').replace(/^HEAD:/, ''));
  } finally {
    await rm(patterns, { force: true });
  }
  for (const path of hits) {
    const blob = head.byPath.get(path);
    if (!blob || read.has(blob)) continue;
    const record = await reader.read(blob);
    if (!record.data) continue;
    for (const f of scanner.scan({ path, text: record.data.toString('utf8') })) headSecrets.add(f.fingerprint);
  }
}

/** Records what scanning a blob found: clean, or where its findings are (unless one is not plain text at its offsets). */
function remember(cache: BlobCache, chunk: GitChunk, raw: Finding[]): void {
  const key = cacheKey(chunk.blob, chunk.path);
  if (raw.length === 0) {
    cache.set(key, { flag: 'clean', size: chunk.bytes });
    return;
  }
  const findings = raw.map((f) => locateFinding(f, chunk));
  if (findings.every((l) => l !== undefined)) cache.set(key, { flag: 'findings', size: chunk.bytes, findings });
}
