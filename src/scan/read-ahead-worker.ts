// The read-ahead thread (src/scan/read-ahead.ts): reads the files the main thread will scan
// next into a shared ring and finds their keywords with the main thread's own prefilter
// tables, while the main thread decodes and scans the files before them. It runs the
// WebAssembly keyword loop and file reads only, so it needs little JIT of its own, which
// on two cores is what a second full scanning thread costs.
import { isAscii } from 'node:buffer';
import { parentPort, workerData } from 'node:worker_threads';
import { KeywordLoop } from '../engine/prefilter.js';
import { readFileBytesInto } from '../sources/files.js';
import { RingSpace } from './read-ring.js';
import { readOnWorker } from './worker-read.js';
import { READ_AHEAD_READY, RELEASED_SLOT, type ReadAheadData, type ReadAheadFailure, type ReadAheadRequest, type ReadResult } from './read-ahead-protocol.js';

const data = workerData as ReadAheadData;
const loop = KeywordLoop.revive(data.tables);
const ring = new Uint8Array(data.ring);
const control = new Int32Array(data.control);
const space = new RingSpace(ring.length);
const port = parentPort!;

// Results not yet posted: they go when a request is done, or before waiting for room in the ring
// (the main thread frees room only by scanning files it has been told about).
let results: ReadResult[] = [];
const flush = () => {
  if (results.length === 0) return;
  port.postMessage(results, results.flatMap(ownBuffers));
  results = [];
};

/** The buffers of a result that move to the main thread instead of being copied (the ring is shared already). */
function ownBuffers(result: ReadResult): ArrayBuffer[] {
  const own: ArrayBuffer[] = [];
  if (result.positions) own.push(result.positions.starts.buffer as ArrayBuffer, result.positions.ids.buffer as ArrayBuffer);
  if (result.bytes && result.bytes.byteLength > 0) own.push(result.bytes.buffer as ArrayBuffer);
  return own;
}

/** Room for `size` bytes: in the ring, waiting for the main thread to release files, or a buffer of its own when too big for the ring. */
function bufferFor(size: number): Buffer {
  if (size > ring.length / 4) return Buffer.allocUnsafeSlow(size);
  for (;;) {
    const released = Atomics.load(control, RELEASED_SLOT);
    const at = space.place(size, released);
    if (at !== undefined) return Buffer.from(ring.buffer, at, size);
    flush();
    Atomics.wait(control, RELEASED_SLOT, released, 100);
  }
}

function readOne(file: string | Uint8Array, request: ReadAheadRequest): ReadResult {
  const { read, notes } = readOnWorker(file, request, (path, options) => readFileBytesInto(path, options, bufferFor));
  const result: ReadResult = notes;
  if (!read) return result;
  if ('big' in read) return { ...result, big: read };
  const ascii = isAscii(read.bytes);
  const positions = loop.positionsIn(read.bytes, ascii);
  Object.assign(result, { path: read.path, ascii, positions });
  const { bytes } = read;
  if (bytes.buffer !== ring.buffer)
    result.bytes = bytes; // in a buffer of its own (too big for the ring): it moves with the result
  else if (bytes.length > 0) {
    space.commit(bytes.byteOffset, bytes.length);
    Object.assign(result, { at: bytes.byteOffset, length: bytes.length });
  } else result.bytes = new Uint8Array(0);
  return result;
}

port.postMessage(READ_AHEAD_READY);
port.on('message', (request: ReadAheadRequest) => {
  try {
    for (const file of request.files) {
      // Read first: reading may post (and replace) `results` while it waits for room.
      const result = readOne(file, request);
      results.push(result);
    }
    flush();
  } catch (e) {
    // Not every error survives the trip to the main thread as an 'error' event: say what it was.
    port.postMessage({ error: (e as Error).message ?? String(e) } satisfies ReadAheadFailure);
  }
});
