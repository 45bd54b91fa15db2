import type { KeywordHits, KeywordTables } from '../prefilter.js';
import { KEYWORD_SCAN_WASM } from './keyword-scan-wasm.js';

/** Header fields (i32 indexes at address 0) where the module finds its tables: see keyword-scan.wat. */
const Field = {
  Fold: 0,
  Ends: 1,
  Token: 2,
  Filter: 3,
  Pair: 4,
  ExactPair: 5,
  TripleKeys: 6,
  TripleValues: 7,
  TripleMask: 8,
  TripleStarts: 9,
  TripleIds: 10,
  QuadKeys: 11,
  QuadValues: 12,
  QuadMask: 13,
  QuadStarts: 14,
  QuadIds: 15,
  KeywordPtr: 16,
  KeywordLength: 17,
  KeywordExact: 18,
  Anchors: 19,
  AnchorCount: 20,
  OutStarts: 21,
  OutIds: 22,
  OutCapacity: 23,
  MostPerPosition: 24,
  Count: 25,
} as const;
type Field = (typeof Field)[keyof typeof Field];
const HEADER_BYTES = 128;
/** Hits the module writes before handing them over (at least): a few a kilobyte of code, so a batch is most files' all. */
const OUT_CAPACITY = 1 << 14;
/** Bytes the module scans between checks that the output has room (BLOCK in keyword-scan.wat). */
const BLOCK = 64;
const PAGE = 1 << 16;

// The little of the WebAssembly API used here: @types/node for Node 20 does not declare it.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: { memory: WasmMemory; scan: ScanFunction } };
}
type ScanFunction = (input: number, length: number, from: number, utf16: number) => number;

/** Whether `memory` holds `bytes` bytes, growing it if need be; false when the system refuses the memory. */
function grown(memory: WasmMemory, bytes: number): boolean {
  const missing = bytes - memory.buffer.byteLength;
  if (missing <= 0) return true;
  try {
    memory.grow(Math.ceil(missing / PAGE));
    return true;
  } catch {
    return false; // a RangeError: the memory is at its limit or the system refused
  }
}

const wasmApi = () => (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
let compiled: object | null | undefined;

/** The compiled module (once per thread), or null where WebAssembly is off (`node --jitless`): the JavaScript loop runs then. */
function keywordScanModule(): object | null {
  if (compiled === undefined) {
    const api = wasmApi();
    try {
      compiled = api ? new api.Module(Buffer.from(KEYWORD_SCAN_WASM, 'base64')) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Keyword id lists (tripleIds, quadIds) in two arrays: list i is ids[starts[i]] up to ids[starts[i + 1]]. */
function flatten(lists: readonly number[][]): { starts: Int32Array; ids: Int32Array } {
  const starts = new Int32Array(lists.length + 1);
  lists.forEach((list, i) => (starts[i + 1] = starts[i]! + list.length));
  return { starts, ids: Int32Array.from(lists.flat()) };
}

/**
 * The prefilter's keyword tables laid out in a WebAssembly instance's memory, and its scan:
 * the same hits as scanBytes in prefilter.ts, in the same order (test/engine/prefilter-wasm.test.ts
 * holds the two to that). One instance per prefilter; the input is copied in after the tables.
 */
export class WasmKeywordScan {
  private bytes!: Uint8Array;
  private words!: Int32Array;
  private constructor(
    private readonly memory: WasmMemory,
    private readonly scanAt: ScanFunction,
    private readonly inputAt: number,
  ) {
    this.refreshViews();
  }

  /** The scan over `tables`, or undefined where WebAssembly cannot run. */
  static create(tables: KeywordTables, fold: Uint8Array, token: Uint8Array): WasmKeywordScan | undefined {
    const module = keywordScanModule();
    if (!module) return undefined;
    let instance: InstanceType<WasmApi['Instance']>;
    try {
      instance = new (wasmApi()!.Instance)(module);
    } catch {
      return undefined; // out of address space for another memory (thousands of scanners alive): the JavaScript loop will do
    }
    return WasmKeywordScan.layOut(tables, fold, token, instance.exports.memory, instance.exports.scan);
  }

  /** Writes the tables into a fresh instance's memory, with the header that says where each is. */
  private static layOut(tables: KeywordTables, fold: Uint8Array, token: Uint8Array, memory: WasmMemory, scan: ScanFunction): WasmKeywordScan | undefined {
    // Space for everything after the header, 8-byte aligned, in the order it is reserved;
    // written once the memory is big enough.
    const header = new Int32Array(HEADER_BYTES / 4);
    const writes: { at: number; data: Uint8Array | Int32Array }[] = [];
    let top = HEADER_BYTES;
    const reserve = (byteLength: number, field?: Field): number => {
      const at = top;
      if (field !== undefined) header[field] = at;
      top = (top + byteLength + 7) & ~7;
      return at;
    };
    const place = (data: Uint8Array | Int32Array, field?: Field): number => {
      const at = reserve(data.byteLength, field);
      writes.push({ at, data });
      return at;
    };
    place(fold, Field.Fold);
    place(tables.ends, Field.Ends);
    place(token, Field.Token);
    place(tables.filter, Field.Filter);
    // The two-byte tables are mostly empty and the memory starts zeroed: only their entries are written (below).
    const pair = reserve(tables.pairKeyword.byteLength, Field.Pair);
    const exactPair = reserve(tables.exactPairKeyword.byteLength, Field.ExactPair);
    for (const [table, lists, keys, values, mask, starts, ids] of [
      [tables.triples, tables.tripleIds, Field.TripleKeys, Field.TripleValues, Field.TripleMask, Field.TripleStarts, Field.TripleIds],
      [tables.quads, tables.quadIds, Field.QuadKeys, Field.QuadValues, Field.QuadMask, Field.QuadStarts, Field.QuadIds],
    ] as const) {
      place(table.keys, keys);
      place(table.values, values);
      header[mask] = table.keys.length - 1;
      const flat = flatten(lists);
      place(flat.starts, starts);
      place(flat.ids, ids);
    }
    // Keywords are ASCII where they are indexed; the others' bytes are never read.
    const keywordText = tables.keywords.join('');
    const keywordBytes = reserve(keywordText.length);
    const lengths = Int32Array.from(tables.keywords, (k) => k.length);
    place(lengths, Field.KeywordLength);
    const pointers = new Int32Array(lengths.length);
    for (let id = 0, at = keywordBytes; id < lengths.length; at += lengths[id++]!) pointers[id] = at;
    place(pointers, Field.KeywordPtr);
    place(
      Int32Array.from(tables.exact, (e) => (e ? 1 : 0)),
      Field.KeywordExact,
    );
    place(Int32Array.from(tables.anchors.flatMap((a) => [a.open, a.close, a.gap, a.id])), Field.Anchors);
    header[Field.AnchorCount] = tables.anchors.length;
    // Blocks of positions are scanned whole: a batch stops before one whose hits might not fit.
    const longest = (lists: readonly number[][]) => lists.reduce((most, list) => Math.max(most, list.length), 0);
    const mostPerPosition = longest(tables.tripleIds) + longest(tables.quadIds) + 2 + tables.anchors.length;
    const capacity = Math.max(OUT_CAPACITY, 4 * BLOCK * mostPerPosition);
    header[Field.OutStarts] = reserve(capacity * 4);
    header[Field.OutIds] = reserve(capacity * 4);
    header[Field.OutCapacity] = capacity;
    header[Field.MostPerPosition] = mostPerPosition;

    const inputAt = top;
    if (!grown(memory, inputAt)) return undefined;
    const bytes = new Uint8Array(memory.buffer);
    const words = new Int32Array(memory.buffer);
    bytes.set(new Uint8Array(header.buffer), 0);
    for (const { at, data } of writes) bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    Buffer.from(memory.buffer, keywordBytes, keywordText.length).write(keywordText, 'latin1');
    tables.keywords.forEach((k, id) => {
      const key = (k.charCodeAt(0) << 8) | k.charCodeAt(1);
      if (k.length !== 2 || key > 0xffff) return; // not a two-byte keyword (one beyond latin1 is not indexed)
      const [table, at] = tables.exact[id] ? [tables.exactPairKeyword, exactPair] : [tables.pairKeyword, pair];
      words[(at >> 2) + key] = table[key]!;
    });
    return new WasmKeywordScan(memory, scan, inputAt);
  }

  /**
   * Appends every table-indexed keyword occurrence in `input` (bytes, or a string taken as
   * latin1) to `hits`. With `utf16`, `input` is valid UTF-8 and the hits' starts are given
   * in the decoded text's units. False, with `hits` untouched, when the memory cannot grow
   * to hold the input: the caller scans it another way.
   */
  scan(input: Uint8Array | string, hits: KeywordHits, reserve: (hits: KeywordHits, more: number) => void, utf16 = false): boolean {
    const n = input.length;
    if (this.inputAt + n > this.bytes.length) {
      if (!grown(this.memory, this.inputAt + n)) return false;
      this.refreshViews();
    }
    if (typeof input === 'string') Buffer.from(this.memory.buffer, this.inputAt, n).write(input, 'latin1');
    else this.bytes.set(input, this.inputAt);
    const words = this.words;
    const starts = words[Field.OutStarts]! >> 2;
    const ids = words[Field.OutIds]! >> 2;
    let from = 0;
    do {
      words[Field.Count] = 0;
      from = this.scanAt(this.inputAt, n, from, utf16 ? 1 : 0);
      const count = words[Field.Count]!;
      reserve(hits, count);
      hits.starts.set(words.subarray(starts, starts + count), hits.count);
      hits.ids.set(words.subarray(ids, ids + count), hits.count);
      hits.count += count;
    } while (from < n);
    return true;
  }

  private refreshViews(): void {
    this.bytes = new Uint8Array(this.memory.buffer);
    this.words = new Int32Array(this.memory.buffer);
  }
}
