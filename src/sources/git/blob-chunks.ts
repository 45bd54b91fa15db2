import { restoreFinding, type FindingLocation } from '../../engine/index.js';
import { ARCHIVE_SEPARATOR, archiveKind, DEFAULT_ARCHIVE_LIMITS, emptyArchiveReport, expandArchive } from '../archive/index.js';
import { isArchivePath, warnSkipped } from '../archive-files.js';
import { decodeText, looksBinary } from '../content.js';
import type { SkipCounts } from '../types.js';
import { cacheKey, type BlobCache, type CacheEntry } from './cache.js';
import type { CatFile, ObjectRecord } from './cat-file.js';
import { GitError, gitReason } from './git.js';
import type { BlobRef, GitChunk } from './types.js';

export interface BlobChunkOptions {
  maxFileSize: number;
  skipped: SkipCounts;
  cache?: BlobCache;
  /** Where an archive's skipped entries are reported (a bomb, too deep, damaged). */
  warn?: (message: string) => void;
}

// Blobs asked of git ahead of the one being yielded: enough that git never waits on us, few
// enough to bound what sits in memory. Blobs the cache answers wait in line without a limit:
// they hold no text.
const READ_AHEAD = 64;
// Requests go to git in batches (one write each): a write per blob is a system call and a
// wake-up of git each, and on a history of thousands of blobs those cost more than git's
// own reading.
const REQUEST_BATCH = 32;

/** A blob in line to be yielded: answered by the cache already, or being read. */
type Slot =
  { ref: BlobRef; cached: GitChunk; record?: undefined } | { ref: BlobRef; cached?: undefined; record?: Promise<ObjectRecord>; located?: FindingLocation[] };

/**
 * Reads blobs through one cat-file process and yields them as chunks, in the order of
 * `refs` (which may still be arriving: a history's walk yields blobs as it goes). Binary and
 * oversized blobs are counted and passed over; blobs the cache knows to be clean are
 * yielded without being read (`cached`), so the run's counts stay the same while the work is
 * skipped; blobs whose findings the cache has located are read and yielded with those
 * findings restored.
 */
export async function* blobChunks(reader: CatFile, refs: Iterable<BlobRef> | AsyncIterable<BlobRef>, options: BlobChunkOptions): AsyncGenerator<GitChunk> {
  const { cache, skipped, maxFileSize } = options;
  const keep = (size: number) => size <= maxFileSize;
  const queue: Slot[] = [];
  let unsent: Slot[] = [];
  const send = () => {
    if (unsent.length === 0) return;
    const records = reader.readMany(
      unsent.map((slot) => slot.ref.blob),
      keep,
    );
    unsent.forEach((slot, i) => {
      slot.record = records[i]!;
      slot.record.catch(() => {}); // awaited in turn below; no unhandled rejection for those behind a failure
    });
    unsent = [];
  };
  let reading = 0; // slots in the queue that git answers
  for await (const ref of refs) {
    const hit = cache?.get(cacheKey(ref.blob, ref.path));
    if (hit?.flag === 'clean') queue.push({ ref, cached: { path: ref.path, text: '', bytes: hit.size, blob: ref.blob, commit: ref.commit, cached: true } });
    else if (hit?.flag === 'binary') skipped.binary++;
    else if (hit?.flag === 'large' && hit.size > maxFileSize) skipped.tooLarge++;
    else {
      const slot: Slot = { ref, located: hit?.flag === 'findings' ? hit.findings : undefined };
      queue.push(slot);
      unsent.push(slot);
      reading++;
      if (unsent.length >= REQUEST_BATCH) send();
    }
    while (reading >= READ_AHEAD) yield* next();
  }
  send();
  while (queue.length) yield* next();

  /** Yields the first blob in line (asking git for it first if it was not yet). */
  async function* next(): AsyncGenerator<GitChunk> {
    const slot = queue.shift()!;
    if (!slot.cached) {
      if (!slot.record) send();
      reading--;
    }
    yield* settle(slot);
  }

  async function* settle(slot: Slot): AsyncGenerator<GitChunk> {
    if (slot.cached) {
      yield slot.cached;
      return;
    }
    const { ref } = slot;
    const record = await slot.record!;
    if (record.missing) {
      // git writes why (a corrupt loose object, a missing pack) to stderr just before answering.
      await new Promise((r) => setTimeout(r, 50));
      const why = reader.errors ? `: ${gitReason(reader.errors)}` : '';
      throw new GitError(`object ${ref.blob} (${ref.path}${ref.commit ? ` in ${ref.commit.sha.slice(0, 8)}` : ''}) is missing or corrupt${why}`);
    }
    const remember = (entry: CacheEntry) => cache?.set(cacheKey(ref.blob, ref.path), entry);
    if (!record.data) {
      skipped.tooLarge++;
      remember({ flag: 'large', size: record.size });
      return;
    }
    if (isArchivePath(ref.path) && archiveKind(record.data)) {
      // Archives are expanded each run (the cache keys blobs, not the files inside them).
      yield* archiveEntryChunks(ref, record.data, options.warn ?? (() => {}));
      return;
    }
    if (looksBinary(record.data)) {
      skipped.binary++;
      remember({ flag: 'binary', size: record.size });
      return;
    }
    const chunk: GitChunk = { path: ref.path, text: decodeText(record.data), bytes: record.size, blob: ref.blob, commit: ref.commit };
    const locations = slot.located;
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
