import { restoreFinding, type FindingLocation } from '../../engine/index.js';
import { ARCHIVE_SEPARATOR, archiveKind, DEFAULT_ARCHIVE_LIMITS, emptyArchiveReport, expandArchive } from '../archive/index.js';
import { isArchivePath, warnSkipped } from '../archive-files.js';
import { decodeText, looksBinary } from '../content.js';
import type { SkipCounts } from '../types.js';
import { cacheKey, type BlobCache } from './cache.js';
import type { CatFile } from './cat-file.js';
import { GitError, gitReason } from './git.js';
import type { BlobRef, GitChunk } from './types.js';

export interface BlobChunkOptions {
  maxFileSize: number;
  skipped: SkipCounts;
  cache?: BlobCache;
  /** Where an archive's skipped entries are reported (a bomb, too deep, damaged). */
  warn?: (message: string) => void;
}

/**
 * Reads blobs through one cat-file process and yields them as chunks. Binary and oversized
 * blobs are counted and passed over; blobs the cache knows to be clean are yielded without
 * being read (`cached`), so the run's counts stay the same while the work is skipped; blobs
 * whose findings the cache has located are read and yielded with those findings restored.
 */
export async function* blobChunks(reader: CatFile, refs: readonly BlobRef[], options: BlobChunkOptions): AsyncGenerator<GitChunk> {
  const { cache, skipped, maxFileSize } = options;
  const toRead: BlobRef[] = [];
  // Cached answers are settled up front; only the rest go to git.
  const order: (BlobRef | GitChunk)[] = [];
  const located = new Map<BlobRef, FindingLocation[]>();
  for (const ref of refs) {
    const hit = cache?.get(cacheKey(ref.blob, ref.path));
    if (hit?.flag === 'clean') order.push({ path: ref.path, text: '', bytes: hit.size, blob: ref.blob, commit: ref.commit, cached: true });
    else if (hit?.flag === 'binary') skipped.binary++;
    else if (hit?.flag === 'large' && hit.size > maxFileSize) skipped.tooLarge++;
    else {
      if (hit?.flag === 'findings' && hit.findings) located.set(ref, hit.findings);
      order.push(ref);
      toRead.push(ref);
    }
  }
  const reads = reader.readAll(toRead, (size) => size <= maxFileSize);
  for (const item of order) {
    if ('text' in item) {
      yield item;
      continue;
    }
    const next = await reads.next();
    if (next.done) break;
    const [ref, record] = next.value;
    if (record.missing) {
      // git writes why (a corrupt loose object, a missing pack) to stderr just before answering.
      await new Promise((r) => setTimeout(r, 50));
      const why = reader.errors ? `: ${gitReason(reader.errors)}` : '';
      throw new GitError(`object ${ref.blob} (${ref.path}${ref.commit ? ` in ${ref.commit.sha.slice(0, 8)}` : ''}) is missing or corrupt${why}`);
    }
    const key = cacheKey(ref.blob, ref.path);
    if (!record.data) {
      skipped.tooLarge++;
      cache?.set(key, { flag: 'large', size: record.size });
      continue;
    }
    if (isArchivePath(ref.path) && archiveKind(record.data)) {
      // Archives are expanded each run (the cache keys blobs, not the files inside them).
      yield* archiveEntryChunks(ref, record.data, options.warn ?? (() => {}));
      continue;
    }
    if (looksBinary(record.data)) {
      skipped.binary++;
      cache?.set(key, { flag: 'binary', size: record.size });
      continue;
    }
    const chunk: GitChunk = { path: ref.path, text: decodeText(record.data), bytes: record.size, blob: ref.blob, commit: ref.commit };
    const locations = located.get(ref);
    // Offsets that no longer fit the text mean a damaged cache: scan the blob instead.
    if (locations?.every((l) => Number.isInteger(l.start) && Number.isInteger(l.end) && 0 <= l.start && l.start < l.end && l.end <= chunk.text.length)) {
      chunk.findings = locations.map((l) => restoreFinding(l, chunk));
    }
    yield chunk;
  }
}

/** The text files inside an archive blob, as chunks of that blob and commit named `archive!/path`. */
function archiveEntryChunks(ref: BlobRef, data: Buffer, warn: (message: string) => void): GitChunk[] {
  const report = emptyArchiveReport();
  const entries = expandArchive(ref.path, data, DEFAULT_ARCHIVE_LIMITS, report);
  warnSkipped(ref.path, report, DEFAULT_ARCHIVE_LIMITS, warn);
  return entries
    .filter((e) => !looksBinary(e.bytes))
    .map((e) => ({
      path: `${ref.path}${ARCHIVE_SEPARATOR}${e.name}`,
      text: decodeText(e.bytes),
      bytes: e.bytes.length,
      blob: ref.blob,
      commit: ref.commit,
      inArchive: true,
    }));
}
