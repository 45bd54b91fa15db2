// What the main thread and the read-ahead thread (src/scan/read-ahead.ts,
// read-ahead-worker.ts) say to each other. Apart from both so the thread loads only this,
// the keyword loop and the file reader, not the whole engine.
import type { KeywordPositions, LoopTables } from '../engine/prefilter.js';
import type { BigFile } from '../sources/files.js';
import type { ReadNotes } from './worker-read.js';

/** What the read-ahead thread starts with: the prefilter's tables and the shared memory. */
export interface ReadAheadData {
  tables: LoopTables;
  /** The ring files are read into. */
  ring: SharedArrayBuffer;
  /** Int32 slots; RELEASED_SLOT counts the ring files the main thread is done with. */
  control: SharedArrayBuffer;
}

/** Files for the read-ahead thread to read, in the order the main thread will scan them. */
export interface ReadAheadRequest {
  files: (string | Uint8Array)[];
  root: string;
  maxFileSize: number;
  pieceBytes?: number;
}

/**
 * One file as the read-ahead thread left it: its bytes in the ring at [at, at + length) (or,
 * too big for it, in `bytes`), whether they are ASCII, and the keyword positions found in
 * them (undefined for bytes that are not valid UTF-8: the scan finds them in the text); or a
 * file too big for one string; or nothing (skipped). Skips and warnings reading it caused.
 */
export interface ReadResult extends ReadNotes {
  path?: string;
  at?: number;
  length?: number;
  bytes?: Uint8Array;
  ascii?: boolean;
  positions?: KeywordPositions;
  big?: BigFile;
}

/** What the thread posts when it cannot go on. */
export interface ReadAheadFailure {
  error: string;
}

export const READ_AHEAD_READY = 'ready';
export const RELEASED_SLOT = 0;
