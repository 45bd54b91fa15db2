import { createRequire as __keylintCreateRequire } from 'node:module';
const require = __keylintCreateRequire(import.meta.url);
var __getOwnPropNames = Object.getOwnPropertyNames;
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};

// <define:globalThis.KEYLINT_EMBEDDED_RULES>
var init_define_globalThis_KEYLINT_EMBEDDED_RULES = __esm({
  "<define:globalThis.KEYLINT_EMBEDDED_RULES>"() {
  }
});

// src/scan/read-ahead-worker.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
import { isAscii } from "node:buffer";
import { parentPort, workerData } from "node:worker_threads";

// src/engine/prefilter.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
import { isUtf8 } from "node:buffer";

// src/engine/anchor.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var MARK = "[!-,./:-@[-^`{-~]";
var ANCHOR = new RegExp(`^(${MARK})\\{(\\d{1,2})\\}(${MARK})$`);

// src/engine/prefilter-wasm/keyword-scan.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/prefilter-wasm/keyword-scan-wasm.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var KEYWORD_SCAN_WASM = "AGFzbQEAAAABKQdgAABgAn9/AGAEf39/fwF/YAV/f39/fwF/YAN/f38AYAF/AGABfwF/AwsKAAECAwQEBQYBAgUDAQABBo0BHH8BQQALfwFBAAt/AUEAC38BQQALfwFBAAt/AUEAC38BQQALfwFBAAt/AUEAC38BQQALfwFBAAt/AUEAC38BQQALfwFBAAt/AUEAC38BQQALfwFBAAt/AUEAC38BQQALfwFBAAt/AUEAC38BQQALfwFBAAt/AUEAC38BQQALfwFBAAt/AUEAC38BQQALBxECBm1lbW9yeQIABHNjYW4ACQqNDArCAQBBACgCACQAQQQoAgAkAUEIKAIAJAJBDCgCACQDQRAoAgAkBEEUKAIAJAVBGCgCACQGQRwoAgAkB0EgKAIAJAhBJCgCACQJQSgoAgAkCkEsKAIAJAtBMCgCACQMQTQoAgAkDUE4KAIAJA5BPCgCACQPQcAAKAIAJBBBxAAoAgAkEUHIACgCACQSQcwAKAIAJBNB0AAoAgAkFEHUACgCACQVQdgAKAIAJBZB3AAoAgAkF0HgACgCACQYQeQAKAIAJBkLJgEBfyMZQQJ0IQIjFSACaiAANgIAIxYgAmogATYCACMZQQFqJBkLUQECfyADQbHz3fF5bEEQdiACcSEEA0AgASAEQQJ0aigCACEFIAVBAEgEQCAFDwsgACAEQQJ0aigCACADRgRAIAUPCyAEQQFqIAJxIQQMAAsAC3YBBH8jESADQQJ0aigCACEFIxAgA0ECdGooAgAhBiACIAVqIAFKBEBBAA8LIAAgAmohAAJAA0AgByAFTg0BIAAgB2otAAAhCCAERQRAIwAgCGotAAAhCAsgCCAGIAdqLQAARwRAQQAPCyAHQQFqIQcMAAsLQQEL0wIBB38gAkECSARADwsjACEJIAAgAmohCCAJIAhBAmstAABqLQAAQRB0IAkgCEEBay0AAGotAABBCHRyIAkgCC0AAGotAAByIQMjBiMHIwggAxACIQQgBEEATgRAIwkgBEECdGooAgAhBSMJIARBAnRqKAIEIQYCQANAIAUgBk4NASMKIAVBAnRqKAIAIQcjEiAHQQJ0aigCAEUgACABIAJBAmsgB0EBEANyBEAgAkECayAHEAELIAVBAWohBQwACwsLIAJBA0gEQA8LIwsjDCMNIAkgCEEDay0AAGotAABBGHQgA3IQAiEEIARBAEgEQA8LIw4gBEECdGooAgAhBSMOIARBAnRqKAIEIQYCQANAIAUgBk4NASMPIAVBAnRqKAIAIQcgACABIAJBA2sgByMSIAdBAnRqKAIAEAMEQCACQQNrIAcQAQsgBUEBaiEFDAALCwuLAQEEfwJAA0AgAyMUTg0BIxMgA0EEdGohBCABIAQoAghrQQFrIQUgAiAEKAIERiAFQQBOcSAAIAVqLQAAIAQoAgBGcQRAIAVBAWohBgJAA0AgBiABTgRAIAUgBCgCDBABDAILIwIgACAGai0AAGotAABFDQEgBkEBaiEGDAALCwsgA0EBaiEDDAALCwujAQEFfyMaIQMjGyEEAkADQCABIxlODQEjFSABQQJ0aigCACECAkADQCADIAJODQEgACADai0AACEFIAQgBUHAAXFBgAFHIAVB8AFPamohBCADQQFqIQMMAAsLAkADQCADIAJMDQEgA0EBayEDIAAgA2otAAAhBSAEIAUQB2shBAwACwsjFSABQQJ0aiAENgIAIAFBAWohAQwACwsgAyQaIAQkGwsTACAAQcABcUGAAUcgAEHwAU9qCxMAIAEEQCAAEAYLQeQAIxk2AgALpwMBC38QACMDIQojASELIwAhDCMXIxhBwABsayENIAJFBEBBACQaQQAkGwtBoMCAgQIhCSACQQRrQQAgAkEEShshBAJAA0AgBCACTg0BIAlBCHQgACAEai0AAEEgcnIhCSAEQQFqIQQMAAsLIAIhBAJAA0AgBCABTg0BIxkgDUoEQCAAIAMQCCAEDwsgBEHAAGohDiAOIAFKBEAgASEOCwNAIAAgBGotAAAhBSAJQQh0IAVBIHJyIQkgCUGx893xeWxBDHYhByAKIAdBBXZBAnRqKAIAQQEgB3RxBEAgACABIAQQBAsgCyAFai0AACEGIAYEQCAGQQFxQQBHIARBAEpxBEAjBCAMIAAgBGpBAWstAABqLQAAQQh0IAwgBWotAAByQQJ0aigCACEIIAgEQCAEQQFrIAhBAWsQAQsLIAZBBHFBAEcgBEEASnEEQCMFIAAgBGpBAWstAABBCHQgBXJBAnRqKAIAIQggCARAIARBAWsgCEEBaxABCwsgBkECcQRAIAAgBCAFEAULCyAEQQFqIQQgBCAOSA0ACwwACwsgACADEAggAQs=";

// src/engine/prefilter-wasm/keyword-scan.ts
var Field = {
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
  Count: 25
};
var HEADER_BYTES = 128;
var OUT_CAPACITY = 1 << 14;
var BLOCK = 64;
var PAGE = 1 << 16;
function grown(memory, bytes) {
  const missing = bytes - memory.buffer.byteLength;
  if (missing <= 0) return true;
  try {
    memory.grow(Math.ceil(missing / PAGE));
    return true;
  } catch {
    return false;
  }
}
var wasmApi = () => globalThis.WebAssembly;
var compiled;
function keywordScanModule() {
  if (compiled === void 0) {
    const api = wasmApi();
    try {
      compiled = api ? new api.Module(Buffer.from(KEYWORD_SCAN_WASM, "base64")) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}
function flatten(lists) {
  const starts = new Int32Array(lists.length + 1);
  lists.forEach((list, i) => starts[i + 1] = starts[i] + list.length);
  return { starts, ids: Int32Array.from(lists.flat()) };
}
var WasmKeywordScan = class _WasmKeywordScan {
  constructor(memory, scanAt, inputAt) {
    this.memory = memory;
    this.scanAt = scanAt;
    this.inputAt = inputAt;
    this.refreshViews();
  }
  memory;
  scanAt;
  inputAt;
  bytes;
  words;
  /** The scan over `tables`, or undefined where WebAssembly cannot run. */
  static create(tables, fold, token) {
    const module = keywordScanModule();
    if (!module) return void 0;
    let instance;
    try {
      instance = new (wasmApi()).Instance(module);
    } catch {
      return void 0;
    }
    return _WasmKeywordScan.layOut(tables, fold, token, instance.exports.memory, instance.exports.scan);
  }
  /** Writes the tables into a fresh instance's memory, with the header that says where each is. */
  static layOut(tables, fold, token, memory, scan) {
    const header = new Int32Array(HEADER_BYTES / 4);
    const writes = [];
    let top = HEADER_BYTES;
    const reserve2 = (byteLength, field) => {
      const at = top;
      if (field !== void 0) header[field] = at;
      top = top + byteLength + 7 & ~7;
      return at;
    };
    const place = (data2, field) => {
      const at = reserve2(data2.byteLength, field);
      writes.push({ at, data: data2 });
      return at;
    };
    place(fold, Field.Fold);
    place(tables.ends, Field.Ends);
    place(token, Field.Token);
    place(tables.filter, Field.Filter);
    const pair = reserve2(tables.pairKeyword.byteLength, Field.Pair);
    const exactPair = reserve2(tables.exactPairKeyword.byteLength, Field.ExactPair);
    for (const [table, lists, keys, values, mask, starts, ids] of [
      [tables.triples, tables.tripleIds, Field.TripleKeys, Field.TripleValues, Field.TripleMask, Field.TripleStarts, Field.TripleIds],
      [tables.quads, tables.quadIds, Field.QuadKeys, Field.QuadValues, Field.QuadMask, Field.QuadStarts, Field.QuadIds]
    ]) {
      place(table.keys, keys);
      place(table.values, values);
      header[mask] = table.keys.length - 1;
      const flat = flatten(lists);
      place(flat.starts, starts);
      place(flat.ids, ids);
    }
    const keywordText = tables.keywords.join("");
    const keywordBytes = reserve2(keywordText.length);
    const lengths = Int32Array.from(tables.keywords, (k) => k.length);
    place(lengths, Field.KeywordLength);
    const pointers = new Int32Array(lengths.length);
    for (let id = 0, at = keywordBytes; id < lengths.length; at += lengths[id++]) pointers[id] = at;
    place(pointers, Field.KeywordPtr);
    place(
      Int32Array.from(tables.exact, (e) => e ? 1 : 0),
      Field.KeywordExact
    );
    place(Int32Array.from(tables.anchors.flatMap((a) => [a.open, a.close, a.gap, a.id])), Field.Anchors);
    header[Field.AnchorCount] = tables.anchors.length;
    const longest = (lists) => lists.reduce((most, list) => Math.max(most, list.length), 0);
    const mostPerPosition = longest(tables.tripleIds) + longest(tables.quadIds) + 2 + tables.anchors.length;
    const capacity = Math.max(OUT_CAPACITY, 4 * BLOCK * mostPerPosition);
    header[Field.OutStarts] = reserve2(capacity * 4);
    header[Field.OutIds] = reserve2(capacity * 4);
    header[Field.OutCapacity] = capacity;
    header[Field.MostPerPosition] = mostPerPosition;
    const inputAt = top;
    if (!grown(memory, inputAt)) return void 0;
    const bytes = new Uint8Array(memory.buffer);
    const words = new Int32Array(memory.buffer);
    bytes.set(new Uint8Array(header.buffer), 0);
    for (const { at, data: data2 } of writes) bytes.set(new Uint8Array(data2.buffer, data2.byteOffset, data2.byteLength), at);
    Buffer.from(memory.buffer, keywordBytes, keywordText.length).write(keywordText, "latin1");
    tables.keywords.forEach((k, id) => {
      const key = k.charCodeAt(0) << 8 | k.charCodeAt(1);
      if (k.length !== 2 || key > 65535) return;
      const [table, at] = tables.exact[id] ? [tables.exactPairKeyword, exactPair] : [tables.pairKeyword, pair];
      words[(at >> 2) + key] = table[key];
    });
    return new _WasmKeywordScan(memory, scan, inputAt);
  }
  /**
   * Appends every table-indexed keyword occurrence in `input` (bytes, or a string taken as
   * latin1) to `hits`. With `utf16`, `input` is valid UTF-8 and the hits' starts are given
   * in the decoded text's units. False, with `hits` untouched, when the memory cannot grow
   * to hold the input: the caller scans it another way.
   */
  scan(input, hits, reserve2, utf16 = false) {
    const n = input.length;
    if (this.inputAt + n > this.bytes.length) {
      if (!grown(this.memory, this.inputAt + n)) return false;
      this.refreshViews();
    }
    if (typeof input === "string") Buffer.from(this.memory.buffer, this.inputAt, n).write(input, "latin1");
    else this.bytes.set(input, this.inputAt);
    const words = this.words;
    const starts = words[Field.OutStarts] >> 2;
    const ids = words[Field.OutIds] >> 2;
    let from = 0;
    do {
      words[Field.Count] = 0;
      from = this.scanAt(this.inputAt, n, from, utf16 ? 1 : 0);
      const count = words[Field.Count];
      reserve2(hits, count);
      hits.starts.set(words.subarray(starts, starts + count), hits.count);
      hits.ids.set(words.subarray(ids, ids + count), hits.count);
      hits.count += count;
    } while (from < n);
    return true;
  }
  refreshViews() {
    this.bytes = new Uint8Array(this.memory.buffer);
    this.words = new Int32Array(this.memory.buffer);
  }
};

// src/engine/regex-span.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var TOKEN_CODES = new Set([..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"].map((c) => c.charCodeAt(0)));

// src/engine/prefilter.ts
var FOLD = Uint8Array.from({ length: 256 }, (_, b) => b >= 65 && b <= 90 ? b | 32 : b);
var ENDS_PAIR = 1;
var ENDS_ANCHOR = 2;
var ENDS_EXACT_PAIR = 4;
var FILTER_BITS = 20;
var FILTER_SHIFT = 32 - FILTER_BITS;
var HASH = 2654435761;
var WASM_AFTER_BYTES = 64 * 1024;
var KeywordLoop = class _KeywordLoop {
  /**
   * `wasm: true` sets the WebAssembly loop up at once, `false` never. By default it is set up
   * once WASM_AFTER_BYTES have been scanned: that takes ~9 ms, more than JavaScript needs for
   * the few small files of a commit hook.
   */
  constructor(tables, options = {}) {
    this.tables = tables;
    if (options.wasm === false) this.wasm = null;
    this.beforeWasm = options.wasm === true ? 0 : WASM_AFTER_BYTES;
  }
  tables;
  /** null where WebAssembly cannot run (or `wasm: false`): scanBytes runs. */
  wasm;
  hits = { count: 0, starts: new Int32Array(1024), ids: new Uint16Array(1024), present: new Uint8Array(0) };
  /** Bytes left to scan in JavaScript before the WebAssembly loop is set up. */
  beforeWasm;
  /** A loop over tables that crossed a thread boundary (structured clone drops IntTable's methods). */
  static revive(tables, options = {}) {
    return new _KeywordLoop({ ...tables, triples: IntTable.revive(tables.triples), quads: IntTable.revive(tables.quads) }, options);
  }
  /**
   * Adds the occurrences in `input` to `hits`: bytes (or a string's latin1 image) whose
   * offsets are the text's, or with `utf16`, valid UTF-8 whose hits get the decoded text's offsets.
   */
  scan(input, hits, utf16) {
    if (this.wasm === void 0 && (this.beforeWasm -= input.length) < 0) this.wasm = WasmKeywordScan.create(this.tables, FOLD, TOKEN) ?? null;
    if (this.wasm?.scan(input, hits, reserve, utf16)) return;
    const bytes = typeof input === "string" ? Buffer.from(input, "latin1") : input;
    scanBytes(bytes, this.tables, hits);
    if (utf16) toUtf16Offsets(bytes, hits);
  }
  /**
   * The occurrences in a file's bytes, with the offsets of the text decodeText makes of
   * them (src/sources/content.ts): ASCII reads as is, other valid UTF-8 as UTF-16 units.
   * Undefined for bytes that are not valid UTF-8: their text decides (find).
   */
  positionsIn(bytes, ascii) {
    const hits = this.hits;
    hits.count = 0;
    if (ascii) this.scan(bytes, hits, false);
    else if (isUtf8(bytes)) this.scan(bytes, hits, true);
    else return void 0;
    return { count: hits.count, starts: hits.starts.slice(0, hits.count), ids: hits.ids.slice(0, hits.count) };
  }
};
var IntTable = class _IntTable {
  // Read as they are by the WebAssembly scan, which probes them the way get does.
  keys = new Int32Array(64);
  values = new Int32Array(64).fill(-1);
  size = 0;
  /** The table a structured clone of one holds (its arrays, without the methods). */
  static revive(plain) {
    return Object.assign(new _IntTable(), { keys: plain.keys, values: plain.values, size: plain.size });
  }
  /** The value stored for `key`, or -1. */
  get(key) {
    const mask = this.keys.length - 1;
    for (let h = Math.imul(key, HASH) >>> 16 & mask; ; h = h + 1 & mask) {
      const v = this.values[h];
      if (v < 0 || this.keys[h] === key) return v;
    }
  }
  set(key, value) {
    if ((this.size + 1) * 4 > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let h = Math.imul(key, HASH) >>> 16 & mask;
    while (this.values[h] >= 0 && this.keys[h] !== key) h = h + 1 & mask;
    if (this.values[h] < 0) this.size++;
    this.keys[h] = key;
    this.values[h] = value;
  }
  grow() {
    const { keys, values } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2).fill(-1);
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (values[i] >= 0) this.set(keys[i], values[i]);
  }
};
function reserve(hits, more) {
  const needed = hits.count + more;
  if (needed <= hits.starts.length) return;
  const size = Math.max(needed, hits.starts.length * 2);
  const starts = new Int32Array(size);
  starts.set(hits.starts.subarray(0, hits.count));
  const ids = new Uint16Array(size);
  ids.set(hits.ids.subarray(0, hits.count));
  hits.starts = starts;
  hits.ids = ids;
}
function record(hits, start, id) {
  if (hits.count === hits.starts.length) reserve(hits, 1);
  hits.starts[hits.count] = start;
  hits.ids[hits.count++] = id;
}
function scanBytes(bytes, t, hits) {
  const { filter, ends } = t;
  const n = bytes.length;
  let last4 = 538976288;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    last4 = last4 << 8 | (b | 32);
    const h = Math.imul(last4, HASH) >>> FILTER_SHIFT;
    if ((filter[h >>> 5] & 1 << (h & 31)) !== 0) prefixesEndingAt(bytes, i, t, hits);
    const e = ends[b];
    if (e !== 0) {
      if (e & ENDS_PAIR && i >= 1) {
        const id = t.pairKeyword[FOLD[bytes[i - 1]] << 8 | FOLD[b]];
        if (id !== 0) record(hits, i - 1, id - 1);
      }
      if (e & ENDS_EXACT_PAIR && i >= 1) {
        const id = t.exactPairKeyword[bytes[i - 1] << 8 | b];
        if (id !== 0) record(hits, i - 1, id - 1);
      }
      if (e & ENDS_ANCHOR) anchorEndsAt(bytes, i, t, hits);
    }
  }
}
function prefixesEndingAt(bytes, i, t, hits) {
  if (i < 2) return;
  const p3 = FOLD[bytes[i - 2]] << 16 | FOLD[bytes[i - 1]] << 8 | FOLD[bytes[i]];
  const three = t.triples.get(p3);
  if (three >= 0) {
    for (const k of t.tripleIds[three]) if (!t.exact[k] || matchesAt(bytes, i - 2, t.keywords[k], true)) record(hits, i - 2, k);
  }
  if (i < 3) return;
  const at = t.quads.get(FOLD[bytes[i - 3]] << 24 | p3);
  if (at >= 0) {
    for (const k of t.quadIds[at]) if (matchesAt(bytes, i - 3, t.keywords[k], t.exact[k])) record(hits, i - 3, k);
  }
}
function anchorEndsAt(bytes, i, t, hits) {
  const b = bytes[i];
  for (const anchor of t.anchors) {
    const start = i - anchor.gap - 1;
    if (b === anchor.close && start >= 0 && bytes[start] === anchor.open && tokenRun(bytes, start + 1, i)) record(hits, start, anchor.id);
  }
}
var TOKEN = Uint8Array.from({ length: 256 }, (_, b) => /[A-Za-z0-9_-]/.test(String.fromCharCode(b)) ? 1 : 0);
function tokenRun(bytes, from, to) {
  for (let i = from; i < to; i++) if (TOKEN[bytes[i]] === 0) return false;
  return true;
}
function matchesAt(bytes, i, k, exact) {
  if (i + k.length > bytes.length) return false;
  for (let j = 0; j < k.length; j++) if ((exact ? bytes[i + j] : FOLD[bytes[i + j]]) !== k.charCodeAt(j)) return false;
  return true;
}
function toUtf16Offsets(bytes, hits) {
  let byte = 0;
  let unit = 0;
  const width = (b) => (b & 192) === 128 ? 0 : b >= 240 ? 2 : 1;
  for (let h = 0; h < hits.count; h++) {
    const start = hits.starts[h];
    for (; byte < start; byte++) unit += width(bytes[byte]);
    for (; byte > start; ) unit -= width(bytes[--byte]);
    hits.starts[h] = unit;
  }
}

// src/sources/files.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
import { execFile } from "node:child_process";
import { closeSync, constants as fsConstants, existsSync, fstatSync, lstatSync, openSync, readdir, readdirSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { promisify } from "node:util";

// src/engine/errors.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/sources/gitignore.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/sources/content.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var BINARY_SNIFF_BYTES = 8192;
function looksBinary(bytes) {
  return bytes.subarray(0, BINARY_SNIFF_BYTES).indexOf(0) !== -1;
}

// src/sources/file-pieces.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/sources/read-into.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
import { readSync } from "node:fs";
function readInto(fd, buffer, from, to, position = from) {
  let filled = from;
  while (filled < to) {
    const bytesRead = readSync(fd, buffer, filled, to - filled, position + (filled - from));
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}

// src/sources/file-pieces.ts
var PIECE_BYTES = 64 * 1024 * 1024;
var PIECE_OVERLAP = 64 * 1024;

// src/sources/globs.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/sources/path-filter.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/lazy-picomatch.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/sources/files.ts
var run = promisify(execFile);
function shownPath(p) {
  return typeof p === "string" ? p : p.toString("utf8");
}
function toPosix(p) {
  return sep === "/" ? p : p.split(sep).join("/");
}
var READ_WHOLE_BYTES = 1 << 20;
var { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = fsConstants;
var NO_FOLLOW_FLAGS = O_NOFOLLOW !== void 0 && O_NONBLOCK !== void 0 ? O_RDONLY | O_NOFOLLOW | O_NONBLOCK : void 0;
var SCRATCH_MAX_BYTES = 16 << 20;
var scratch;
function readBuffer(size, keep) {
  if (keep || size > SCRATCH_MAX_BYTES) return Buffer.allocUnsafe(size);
  if (!scratch || scratch.length < size) scratch = Buffer.allocUnsafe(Math.min(SCRATCH_MAX_BYTES, Math.max(size, 2 * (scratch?.length ?? 1 << 19))));
  return scratch.subarray(0, size);
}
function readFileBytes(abs, options, rel, whole = false, into = (size) => readBuffer(size, whole)) {
  if (NO_FOLLOW_FLAGS === void 0 && lstatSync(abs).isSymbolicLink()) {
    options.skipped.symlinks++;
    return void 0;
  }
  let fd;
  try {
    fd = openSync(abs, NO_FOLLOW_FLAGS ?? "r");
  } catch (e) {
    if (e.code !== "ELOOP") throw e;
    options.skipped.symlinks++;
    return void 0;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) {
      options.skipped.special++;
      options.warn(`${rel}: not a regular file (FIFO, socket or device), skipped`);
      return void 0;
    }
    if (info.size > options.maxFileSize) {
      options.skipped.tooLarge++;
      options.warn(`${rel}: ${info.size} bytes, over --max-file-size (${options.maxFileSize} bytes), skipped`);
      return void 0;
    }
    const pieceBytes = options.pieceBytes ?? PIECE_BYTES;
    if (whole || info.size <= Math.min(READ_WHOLE_BYTES, pieceBytes)) return readExactly(fd, into(info.size));
    const sniff = Math.min(info.size, BINARY_SNIFF_BYTES);
    if (info.size > pieceBytes) {
      const head = readExactly(fd, into(sniff));
      return looksBinary(head) ? head : { big: info.size };
    }
    const buffer = into(info.size);
    const headEnd = readInto(fd, buffer, 0, sniff);
    if (headEnd < sniff || looksBinary(buffer.subarray(0, headEnd))) return buffer.subarray(0, headEnd);
    const end = readInto(fd, buffer, headEnd, info.size);
    return end === info.size ? buffer : buffer.subarray(0, end);
  } finally {
    closeSync(fd);
  }
}
function readExactly(fd, buffer) {
  const filled = readInto(fd, buffer, 0, buffer.length);
  return filled === buffer.length ? buffer : buffer.subarray(0, filled);
}
var lastRoot;
var UNNORMALIZED = /\/\.\.?(?:\/|$)|\/\//;
function pathUnderRoot(root, file) {
  if (lastRoot?.root !== root || !isAbsolute(root)) {
    const resolved = resolve(root);
    lastRoot = { root, prefix: resolved.endsWith(sep) ? resolved : resolved + sep };
  }
  const { prefix } = lastRoot;
  if (sep === "/" && file.startsWith(prefix) && !UNNORMALIZED.test(file)) return file.slice(prefix.length);
  return toPosix(relative(prefix, file));
}
function readFileBytesInto(abs, options, into) {
  const rel = relativePath(options.root, abs);
  try {
    const bytes = readFileBytes(abs, options, rel, false, into);
    if (!bytes) return void 0;
    if (!Buffer.isBuffer(bytes)) return { path: rel, bytes: bytes.big, big: true };
    if (looksBinary(bytes)) {
      options.skipped.binary++;
      return void 0;
    }
    return { path: rel, bytes };
  } catch (e) {
    const code = e.code ?? e.message;
    options.skipped.unreadable++;
    options.warn(`${rel}: cannot read (${code}), skipped`);
    return void 0;
  }
}
function relativePath(root, abs) {
  return pathUnderRoot(root, shownPath(abs)) || toPosix(shownPath(abs));
}

// src/scan/read-ring.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var RingSpace = class {
  constructor(capacity) {
    this.capacity = capacity;
  }
  capacity;
  /** Where each file not yet released starts in the ring, oldest first (only the oldest bounds what fits). */
  starts = [];
  head = 0;
  released = 0;
  /** Where `size` bytes fit now, after the main thread released `releasedTotal` files in all; undefined: wait for more. */
  place(size, releasedTotal) {
    for (; this.released < releasedTotal; this.released++) this.starts.shift();
    if (size > this.capacity) return void 0;
    const oldest = this.starts[0];
    if (oldest === void 0) return 0;
    if (this.head > oldest) {
      if (this.capacity - this.head >= size) return this.head;
      return oldest >= size ? 0 : void 0;
    }
    return oldest - this.head >= size ? this.head : void 0;
  }
  /** Records `length` bytes written at `at` (where place put them): they stay until released. */
  commit(at, length) {
    this.starts.push(at);
    this.head = at + length;
  }
};

// src/scan/worker-read.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/sources/types.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
function emptySkips() {
  return { binary: 0, tooLarge: 0, unreadable: 0, symlinks: 0, special: 0, regexTimeouts: 0 };
}

// src/scan/worker-read.ts
function readOnWorker(file, request, read) {
  const skipped = emptySkips();
  const warnings = [];
  const path = typeof file === "string" ? file : Buffer.from(file);
  const result = read(path, { root: request.root, maxFileSize: request.maxFileSize, pieceBytes: request.pieceBytes, skipped, warn: (w) => warnings.push(w) });
  const notes = {};
  if (Object.values(skipped).some((n) => n > 0)) notes.skipped = skipped;
  if (warnings.length) notes.warnings = warnings;
  return { read: result, notes };
}

// src/scan/read-ahead-protocol.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var READ_AHEAD_READY = "ready";
var RELEASED_SLOT = 0;

// src/scan/read-ahead-worker.ts
var data = workerData;
var loop = KeywordLoop.revive(data.tables);
var ring = new Uint8Array(data.ring);
var control = new Int32Array(data.control);
var space = new RingSpace(ring.length);
var port = parentPort;
var results = [];
var flush = () => {
  if (results.length === 0) return;
  port.postMessage(results, results.flatMap(ownBuffers));
  results = [];
};
function ownBuffers(result) {
  const own = [];
  if (result.positions) own.push(result.positions.starts.buffer, result.positions.ids.buffer);
  if (result.bytes && result.bytes.byteLength > 0) own.push(result.bytes.buffer);
  return own;
}
function bufferFor(size) {
  if (size > ring.length / 4) return Buffer.allocUnsafeSlow(size);
  for (; ; ) {
    const released = Atomics.load(control, RELEASED_SLOT);
    const at = space.place(size, released);
    if (at !== void 0) return Buffer.from(ring.buffer, at, size);
    flush();
    Atomics.wait(control, RELEASED_SLOT, released, 100);
  }
}
function readOne(file, request) {
  const { read, notes } = readOnWorker(file, request, (path, options) => readFileBytesInto(path, options, bufferFor));
  const result = notes;
  if (!read) return result;
  if ("big" in read) return { ...result, big: read };
  const ascii = isAscii(read.bytes);
  const positions = loop.positionsIn(read.bytes, ascii);
  Object.assign(result, { path: read.path, ascii, positions });
  const { bytes } = read;
  if (bytes.buffer !== ring.buffer)
    result.bytes = bytes;
  else if (bytes.length > 0) {
    space.commit(bytes.byteOffset, bytes.length);
    Object.assign(result, { at: bytes.byteOffset, length: bytes.length });
  } else result.bytes = new Uint8Array(0);
  return result;
}
port.postMessage(READ_AHEAD_READY);
port.on("message", (request) => {
  try {
    for (const file of request.files) {
      const result = readOne(file, request);
      results.push(result);
    }
    flush();
  } catch (e) {
    port.postMessage({ error: e.message ?? String(e) });
  }
});
