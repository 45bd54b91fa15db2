import { Worker } from 'node:worker_threads';
import { KeylintError, type Chunk, type LoopTables } from '../engine/index.js';
import { decodeText } from '../sources/content.js';
import { READ_AHEAD_READY, RELEASED_SLOT, type ReadAheadData, type ReadAheadFailure, type ReadAheadRequest, type ReadResult } from './read-ahead-protocol.js';
import { workerScript } from './worker-script.js';

export type { ReadAheadRequest, ReadResult } from './read-ahead-protocol.js';

// The ring holds the files read ahead of the scan, so the reads can run well ahead through
// a stretch of files slow to scan; every file up to a quarter of it goes in (bigger ones
// travel in buffers of their own). Its pages are touched once: it is reused after a lap.
export const RING_BYTES = 32 << 20;

/**
 * A thread that reads files and finds their keywords ahead of the scan on this thread: the
 * split that suits two cores, where a second full scanning thread spends on its own JIT and
 * GC about what it saves (docs/performance.md). Files are handed over with `push` and come
 * back with `next` in the same order; a file read into the ring must be `release`d once
 * scanned, in that order, which frees its room.
 */
export class ReadAhead<T> {
  private readonly worker: Worker;
  private readonly ring: Uint8Array;
  private readonly control: Int32Array;
  /** Files handed over and not yet taken back with next, oldest first. */
  private readonly waiting: T[] = [];
  private readonly results: ReadResult[] = [];
  private wake: (() => void) | undefined;
  private failure: Error | undefined;
  private closing = false;
  /** Whether the thread has started and can take files. */
  isReady = false;
  private readied!: () => void;
  /** Resolves when the thread is ready, or has failed (next then throws). */
  readonly ready = new Promise<void>((resolve) => (this.readied = resolve));

  private constructor(script: string, tables: LoopTables, ringBytes: number) {
    const ring = new SharedArrayBuffer(ringBytes);
    const control = new SharedArrayBuffer(4);
    this.ring = new Uint8Array(ring);
    this.control = new Int32Array(control);
    const workerData: ReadAheadData = { tables, ring, control };
    this.worker = new Worker(script, { workerData });
    this.worker.on('message', (reply: ReadResult[] | ReadAheadFailure | typeof READ_AHEAD_READY) => {
      if (reply === READ_AHEAD_READY) {
        this.isReady = true;
        this.readied();
      } else if ('error' in reply) this.fail(new KeylintError(`read-ahead thread failed: ${reply.error}`));
      else this.results.push(...reply);
      this.wake?.();
    });
    this.worker.on('error', (e) => this.fail(new KeylintError(`read-ahead thread failed: ${e.message}`)));
    this.worker.on('exit', (code) => {
      if (!this.closing) this.fail(new KeylintError(`read-ahead thread exited with code ${code}`));
    });
  }

  /** A read-ahead thread using the prefilter `tables`, or undefined when the compiled worker script is not there. */
  static start<T>(tables: LoopTables, ringBytes = RING_BYTES): ReadAhead<T> | undefined {
    const script = workerScript('read-ahead-worker.js');
    return script ? new ReadAhead<T>(script, tables, ringBytes) : undefined;
  }

  /** Files handed over and not yet taken back. */
  get pending(): number {
    return this.waiting.length;
  }

  /** Hands files over to be read; `items` (one per file) come back with their results, in order. */
  push(items: readonly T[], request: ReadAheadRequest): void {
    this.waiting.push(...items);
    this.worker.postMessage(request);
  }

  /** The oldest file handed over, with its result, once the thread has read it. */
  async next(): Promise<{ item: T; result: ReadResult }> {
    while (this.results.length === 0) {
      if (this.failure) throw this.failure;
      if (this.waiting.length === 0) throw new Error('ReadAhead.next: nothing was handed over');
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
    return { item: this.waiting.shift()!, result: this.results.shift()! };
  }

  /** A result's file as a chunk, with its UTF-8 bytes: a view of the ring, good until the result is released. */
  chunkOf(result: ReadResult): Chunk & { bytes: number } {
    const utf8 = result.at === undefined ? result.bytes! : this.ring.subarray(result.at, result.at + result.length!);
    return { path: result.path!, text: decodeText(utf8, result.ascii), bytes: utf8.length, utf8 };
  }

  /** Frees the ring room of the oldest file read into it, once scanned. */
  release(result: ReadResult): void {
    if (result.at === undefined) return;
    Atomics.add(this.control, RELEASED_SLOT, 1);
    Atomics.notify(this.control, RELEASED_SLOT);
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.readied();
    this.wake?.();
  }
}
