import type { Chunk, Finding } from '../../engine/index.js';

/** The commit a blob is attributed to: the first one (oldest in topological order) that introduced it at a path. */
export interface CommitInfo {
  sha: string;
  author: string;
  email: string;
  /** Author date, strict ISO 8601. */
  date: string;
  subject: string;
}

/** A blob to scan, the path it is reported under, and (for history) the commit that introduced it there. */
export interface BlobRef {
  blob: string;
  path: string;
  commit?: CommitInfo;
}

/** A chunk read from the object store. `cached` chunks carry no text: an earlier run found the blob clean. */
export interface GitChunk extends Chunk {
  bytes: number;
  blob: string;
  commit?: CommitInfo;
  /** The cache knows this blob is clean: it was not read. */
  cached?: boolean;
  /** The cache knows where this blob's findings are: it was read but is not scanned again. */
  findings?: Finding[];
  /** A file inside an archive blob (`path` is `archive!/inside`): the cache keeps nothing for it. */
  inArchive?: boolean;
}

/** git's all-zero object id: "no object" in raw diffs and hook input. */
export const isNullSha = (sha: string) => /^0+$/.test(sha);
