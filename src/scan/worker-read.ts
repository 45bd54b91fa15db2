import type { FilePath, FileSourceOptions } from '../sources/files.js';
import { emptySkips, type SkipCounts } from '../sources/types.js';

/** The skips and warnings reading a file caused, only where there are any: every field costs to send. */
export interface ReadNotes {
  skipped?: SkipCounts;
  warnings?: string[];
}

type ReadOptions = Pick<FileSourceOptions, 'root' | 'maxFileSize' | 'pieceBytes' | 'skipped' | 'warn'>;

/**
 * Reads a file a worker thread was sent, with `read`, under the request's options, and
 * collects the skips and warnings reading it caused for the reply (the main thread counts
 * and prints them). A path that crossed the thread boundary as bytes arrives as a Uint8Array.
 */
export function readOnWorker<R>(
  file: string | Uint8Array,
  request: Pick<FileSourceOptions, 'root' | 'maxFileSize' | 'pieceBytes'>,
  read: (path: FilePath, options: ReadOptions) => R,
): { read: R; notes: ReadNotes } {
  const skipped = emptySkips();
  const warnings: string[] = [];
  const path = typeof file === 'string' ? file : Buffer.from(file);
  const result = read(path, { root: request.root, maxFileSize: request.maxFileSize, pieceBytes: request.pieceBytes, skipped, warn: (w) => warnings.push(w) });
  const notes: ReadNotes = {};
  if (Object.values(skipped).some((n) => n > 0)) notes.skipped = skipped;
  if (warnings.length) notes.warnings = warnings;
  return { read: result, notes };
}
