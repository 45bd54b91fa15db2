import { isUtf8 } from 'node:buffer';
import { parseAnchor, type Anchor } from './anchor.js';
import { WasmKeywordScan } from './prefilter-wasm/keyword-scan.js';
import { indexableKeyword } from './regex-span.js';
import type { CompiledRule } from './types.js';

/** Byte -> ASCII-lower-cased byte. */
const FOLD = Uint8Array.from({ length: 256 }, (_, b) => (b >= 65 && b <= 90 ? b | 0x20 : b));

/** Byte -> what it may end: the second byte of a two-byte keyword (in either case, or exactly), an anchor's separator. */
const ENDS_PAIR = 1;
const ENDS_ANCHOR = 2;
const ENDS_EXACT_PAIR = 4;

/**
 * The filter: a bitset over a hash of the last four bytes, each ORed with 0x20. That folds
 * ASCII letters to lower case in one instruction (and folds a few punctuation marks onto
 * others, which only lets through a little more for the exact check to turn away).
 */
const FILTER_BITS = 20;
const FILTER_SHIFT = 32 - FILTER_BITS;
const HASH = 0x9e3779b1;

/** The filter slot of four folded bytes held in one number. */
function slot(quad: number): number {
  return Math.imul(quad, HASH) >>> FILTER_SHIFT;
}

const fold4 = (a: number, b: number, c: number, d: number) => (((a | 0x20) << 24) | ((b | 0x20) << 16) | ((c | 0x20) << 8) | (d | 0x20)) >>> 0;

/**
 * Every keyword (and structural anchor) occurrence in a text: `starts[i]` is the UTF-16
 * offset where occurrence i of keyword `ids[i]` starts. A keyword's own occurrences are in
 * increasing order; different keywords' may interleave a few places out of order.
 */
export interface KeywordHits {
  count: number;
  starts: Int32Array;
  ids: Uint16Array;
  /** Per keyword id: whether it occurs (odd keywords included, which have no positions). */
  present: Uint8Array;
}

/**
 * Finds where a text's keywords are, in one pass over its bytes, so each rule runs only
 * near its own keywords, and a rule whose keywords never occur (case-insensitively) does
 * not run at all.
 *
 * Why not one big regex alternation: V8 runs a 500-keyword alternation at about
 * 10 ns per character, as much as reading the files. This walks the bytes once
 * (V8 indexes a Uint8Array several times faster than it calls charCodeAt), checking
 * a hashed filter of keyword prefixes at each position and confirming the few hits
 * exactly. It reads the bytes the file was read as (UTF-8) when it has them, and
 * otherwise the text's latin1 image, whose offsets are the text's own. Keywords the
 * tables cannot index (shorter than two bytes, or not ASCII) are looked for with a
 * plain `includes` on the lower-cased text; they have no positions. The loop runs in
 * WebAssembly where it can (prefilter-wasm/), a third faster than in JavaScript.
 */
export class KeywordPrefilter {
  /** Rule indexes with neither keyword nor anchor: they run on every text. */
  readonly always: number[] = [];
  /** Per keyword id, the indexes of the rules that list it. */
  readonly rulesOf: number[][] = [];
  /** Per rule index, its keyword (and anchor) ids: the rule runs on a text holding one. */
  readonly keywordsOf: number[][] = [];
  /**
   * Per rule index, the ids whose hits place its windows: its keywords, or, for a rule
   * whose span brings needles (literals its matches hold when its keywords only name the
   * context), those. With an anchor beside keywords: the keywords and the anchor.
   */
  readonly windowIdsOf: number[][] = [];
  /** Per rule index, whether its span's needles are indexed (a span worked out after this was built has none). */
  readonly needlesIndexed: boolean[] = [];
  /** Per keyword id, its length in characters (an anchor's: its whole pattern). */
  readonly lengthOf: number[] = [];
  private readonly tables: KeywordTables & { keywords: string[]; exact: boolean[] } = {
    keywords: [],
    exact: [],
    filter: new Int32Array(1 << (FILTER_BITS - 5)),
    ends: new Uint8Array(256),
    pairKeyword: new Int32Array(1 << 16),
    exactPairKeyword: new Int32Array(1 << 16),
    triples: new IntTable(),
    tripleIds: [],
    quads: new IntTable(),
    quadIds: [],
    anchors: [],
  };
  /** Ids of the keywords the tables cannot index. */
  private readonly odd: number[] = [];
  private readonly hits: KeywordHits;
  /** Ids of rules' keywords (not anchors). */
  private readonly keywordIds: number[];
  private readonly loop: KeywordLoop;

  /** `wasm`: see KeywordLoop (false runs the JavaScript loop: the reference the WebAssembly one is tested against). */
  constructor(
    readonly rules: readonly CompiledRule[],
    options: { wasm?: boolean } = {},
  ) {
    this.loop = new KeywordLoop(this.tables, options);
    const ids = new Map<string, number>();
    const idOf = (key: string, length: number) => {
      let id = ids.get(key);
      if (id === undefined) {
        id = this.tables.keywords.push(key) - 1;
        this.tables.exact.push(false);
        ids.set(key, id);
        this.rulesOf.push([]);
        this.lengthOf.push(length);
      }
      return id;
    };
    /** The id of a keyword looked for in either case, or (`exact`) only as spelled. */
    const keywordId = (k: string, exact = false) => {
      const key = exact ? `exact:${k}` : k;
      const fresh = !ids.has(key);
      const id = idOf(key, k.length);
      if (fresh) {
        this.tables.keywords[id] = k;
        this.tables.exact[id] = exact;
        this.index(k, id, exact);
      }
      return id;
    };
    const keywordIds = new Set<number>();
    rules.forEach((r, index) => {
      const own: number[] = [];
      const keywordCase = r.span?.keywordCase;
      for (const raw of r.keywords) {
        const id = keywordCase ? keywordId(keywordCase === 'upper' ? raw.toUpperCase() : raw.toLowerCase(), true) : keywordId(raw.toLowerCase());
        keywordIds.add(id);
        if (!own.includes(id)) own.push(id);
      }
      let anchorId: number | undefined;
      if (r.anchor) {
        const anchor = parseAnchor(r.anchor);
        const fresh = !ids.has(`anchor:${r.anchor}`);
        anchorId = idOf(`anchor:${r.anchor}`, anchor.gap + 2);
        if (fresh) {
          this.tables.anchors.push({ ...anchor, id: anchorId });
          this.tables.ends[anchor.close]! |= ENDS_ANCHOR;
        }
      }
      // With no keyword, the anchor decides whether the rule runs; beside keywords it only places windows.
      if (anchorId !== undefined && own.length === 0) own.push(anchorId);
      for (const id of own) this.rulesOf[id]!.push(index);
      this.keywordsOf.push(own);
      const needles = r.span?.needles;
      this.needlesIndexed.push(needles !== undefined);
      this.windowIdsOf.push(needles ? needles.map((k) => keywordId(k)) : anchorId !== undefined && !own.includes(anchorId) ? [...own, anchorId] : own);
      if (own.length === 0) this.always.push(index);
    });
    this.keywordIds = [...keywordIds];
    const n = this.tables.keywords.length;
    this.hits = { count: 0, starts: new Int32Array(1024), ids: new Uint16Array(1024), present: new Uint8Array(n) };
  }

  /** Enters keyword `k` (lower case unless `exact`) in the tables scanBytes reads. */
  private index(k: string, id: number, exact: boolean): void {
    if (!indexableKeyword(k)) {
      this.odd.push(id);
      return;
    }
    const t = this.tables;
    const c = (j: number) => k.charCodeAt(j);
    // The filter and the triple and quad tables are keyed case-folded; matchesAt then checks the case of an exact keyword.
    const f = (j: number) => FOLD[c(j)]!;
    const mark = (quad: number) => {
      const h = slot(quad);
      t.filter[h >>> 5]! |= 1 << (h & 31);
    };
    if (k.length === 2) {
      if (exact) {
        t.ends[c(1)]! |= ENDS_EXACT_PAIR;
        t.exactPairKeyword[(c(0) << 8) | c(1)] = id + 1;
      } else {
        for (const v of caseVariants(c(1))) t.ends[v]! |= ENDS_PAIR;
        t.pairKeyword[(c(0) << 8) | c(1)] = id + 1;
      }
      return;
    }
    const add = (table: IntTable, lists: number[][], key: number) => {
      const at = table.get(key);
      if (at < 0) table.set(key, lists.push([id]) - 1);
      else lists[at]!.push(id);
    };
    if (k.length === 3) {
      // The filter sees four bytes: any byte before the keyword (folded: bit 5 set).
      for (let before = 0x20; before < 256; before = (before + 1) | 0x20) mark(fold4(before, c(0), c(1), c(2)));
      add(t.triples, t.tripleIds, (f(0) << 16) | (f(1) << 8) | f(2));
      return;
    }
    mark(fold4(c(0), c(1), c(2), c(3)));
    add(t.quads, t.quadIds, (f(0) << 24) | (f(1) << 16) | (f(2) << 8) | f(3));
  }

  /** Whether keyword id `id` has occurrence positions (odd keywords have none). */
  positioned(id: number): boolean {
    return !this.odd.includes(id);
  }

  /**
   * Every keyword occurrence in `text`. `utf8`, when given, must be the bytes `text` was
   * decoded from: the scan then reads them instead of making a copy of the text. The
   * result is reused by the next call.
   */
  find(text: string, utf8?: Uint8Array): KeywordHits {
    const hits = this.hits;
    hits.count = 0;
    const exact = utf8 !== undefined && utf8.length === text.length; // ASCII: bytes and characters line up
    // latin1 keeps one byte per character, so offsets are the text's; a character beyond
    // latin1 becomes its low byte, which can only add hits, never hide an ASCII keyword.
    if (utf8 && !exact && isUtf8(utf8)) this.loop.scan(utf8, hits, true);
    else this.loop.scan(exact ? utf8 : text, hits, false);
    return this.withPresence(text);
  }

  /**
   * The hits of `text` from occurrences a KeywordLoop found in its bytes beforehand (on
   * the read-ahead thread, from these tables): what find would return, without the loop.
   */
  adopt(text: string, positions: KeywordPositions): KeywordHits {
    const hits = this.hits;
    hits.count = 0;
    reserve(hits, positions.count);
    hits.starts.set(positions.starts.subarray(0, positions.count));
    hits.ids.set(positions.ids.subarray(0, positions.count));
    hits.count = positions.count;
    return this.withPresence(text);
  }

  /** The tables the keyword loop reads, as plain data another thread can rebuild a KeywordLoop from (KeywordLoop.revive). */
  get loopTables(): LoopTables {
    return this.tables;
  }

  /** Marks which keywords occur: those with hits, and the odd ones `text` holds. */
  private withPresence(text: string): KeywordHits {
    const hits = this.hits;
    hits.present.fill(0);
    for (let i = 0; i < hits.count; i++) hits.present[hits.ids[i]!] = 1;
    // A keyword without letters (`@`) is its own lower case: looking for it needs no lower-cased copy of the text.
    let lower: string | undefined;
    for (const id of this.odd) {
      const k = this.tables.keywords[id]!;
      if ((this.tables.exact[id] || caseless(k) ? text : (lower ??= text.toLowerCase())).includes(k)) hits.present[id] = 1;
    }
    return hits;
  }

  /** Whether any rule's keyword occurs in `text` (rules without keywords do not count, nor do anchors). */
  hasKeyword(text: string): boolean {
    const { present } = this.find(text);
    return this.keywordIds.some((id) => present[id] === 1);
  }

  /** Rules whose keyword or anchor occurs in `text` (and those with neither), in their original order. */
  select(text: string): CompiledRule[] {
    const { present } = this.find(text);
    return this.rules.filter((_, i) => this.keywordsOf[i]!.length === 0 || this.keywordsOf[i]!.some((id) => present[id] === 1));
  }
}

/** Keyword occurrences found in bytes, ahead of the text's scan: KeywordHits without `present`. */
export type KeywordPositions = Pick<KeywordHits, 'count' | 'starts' | 'ids'>;

/** Bytes a KeywordLoop scans in JavaScript before it sets up WebAssembly (by default). */
const WASM_AFTER_BYTES = 64 * 1024;

/** KeywordTables with the keywords' spelling, as the prefilter builds them. */
export type LoopTables = KeywordTables & { keywords: string[]; exact: boolean[] };

/**
 * The byte loop over a prefilter's tables: in WebAssembly where it can run (set up on
 * first use), else scanBytes. Apart from the prefilter so a read-ahead thread can run it
 * on a file's bytes while the main thread scans the file before (src/scan/read-ahead.ts),
 * with the main thread's own tables, so the keyword ids agree.
 */
export class KeywordLoop {
  /** null where WebAssembly cannot run (or `wasm: false`): scanBytes runs. */
  private wasm: WasmKeywordScan | null | undefined;
  private readonly hits: KeywordHits = { count: 0, starts: new Int32Array(1024), ids: new Uint16Array(1024), present: new Uint8Array(0) };
  /** Bytes left to scan in JavaScript before the WebAssembly loop is set up. */
  private beforeWasm: number;

  /**
   * `wasm: true` sets the WebAssembly loop up at once, `false` never. By default it is set up
   * once WASM_AFTER_BYTES have been scanned: that takes ~9 ms, more than JavaScript needs for
   * the few small files of a commit hook.
   */
  constructor(
    private readonly tables: LoopTables,
    options: { wasm?: boolean } = {},
  ) {
    if (options.wasm === false) this.wasm = null;
    this.beforeWasm = options.wasm === true ? 0 : WASM_AFTER_BYTES;
  }

  /** A loop over tables that crossed a thread boundary (structured clone drops IntTable's methods). */
  static revive(tables: LoopTables, options: { wasm?: boolean } = {}): KeywordLoop {
    return new KeywordLoop({ ...tables, triples: IntTable.revive(tables.triples), quads: IntTable.revive(tables.quads) }, options);
  }

  /**
   * Adds the occurrences in `input` to `hits`: bytes (or a string's latin1 image) whose
   * offsets are the text's, or with `utf16`, valid UTF-8 whose hits get the decoded text's offsets.
   */
  scan(input: Uint8Array | string, hits: KeywordHits, utf16: boolean): void {
    if (this.wasm === undefined && (this.beforeWasm -= input.length) < 0) this.wasm = WasmKeywordScan.create(this.tables, FOLD, TOKEN) ?? null;
    if (this.wasm?.scan(input, hits, reserve, utf16)) return;
    const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
    scanBytes(bytes, this.tables, hits);
    if (utf16) toUtf16Offsets(bytes, hits);
  }

  /**
   * The occurrences in a file's bytes, with the offsets of the text decodeText makes of
   * them (src/sources/content.ts): ASCII reads as is, other valid UTF-8 as UTF-16 units.
   * Undefined for bytes that are not valid UTF-8: their text decides (find).
   */
  positionsIn(bytes: Uint8Array, ascii: boolean): KeywordPositions | undefined {
    const hits = this.hits;
    hits.count = 0;
    if (ascii) this.scan(bytes, hits, false);
    else if (isUtf8(bytes)) this.scan(bytes, hits, true);
    else return undefined;
    return { count: hits.count, starts: hits.starts.slice(0, hits.count), ids: hits.ids.slice(0, hits.count) };
  }
}

export interface KeywordTables {
  /** Per id: the keyword, lower case unless it is looked for exactly as spelled. */
  readonly keywords: readonly string[];
  /** Per id: whether the keyword counts only as spelled (RegexSpan.keywordCase). */
  readonly exact: readonly boolean[];
  /** Bit slot(quad) is set where a keyword of three or more bytes may end the four bytes `quad`. */
  readonly filter: Int32Array;
  /** Byte -> ENDS_PAIR and ENDS_ANCHOR bits. */
  readonly ends: Uint8Array;
  /**
   * Two-byte keyword as a number (a << 8 | b, lower case) -> its id + 1 (0: none). A typed
   * table, not a Map: the bytes that may end a pair (`a`, `c`, `k`, `n`, `o`, `u` among them)
   * are a fifth of all text, and a Map lookup at each cost more than the rest of the loop.
   */
  readonly pairKeyword: Int32Array;
  /** The same for two-byte keywords looked for exactly as spelled. */
  readonly exactPairKeyword: Int32Array;
  /** Three-byte keyword, folded, as a number -> index into tripleIds. */
  readonly triples: IntTable;
  /** Ids of the keywords that fold to the same three bytes. */
  readonly tripleIds: number[][];
  /** First four bytes, folded, as a number (int32) -> index into quadIds. */
  readonly quads: IntTable;
  /** Ids of the keywords starting with the same four bytes. */
  readonly quadIds: number[][];
  /** The rule set's structural anchors. */
  readonly anchors: (Anchor & { id: number })[];
}

/**
 * An int32 -> non-negative int map with open addressing in typed arrays: on the hot path a
 * lookup is a multiply and a probe or two, where a Map lookup costs tens of nanoseconds.
 */
export class IntTable {
  // Read as they are by the WebAssembly scan, which probes them the way get does.
  keys = new Int32Array(64);
  values = new Int32Array(64).fill(-1);
  private size = 0;

  /** The table a structured clone of one holds (its arrays, without the methods). */
  static revive(plain: IntTable): IntTable {
    return Object.assign(new IntTable(), { keys: plain.keys, values: plain.values, size: (plain as unknown as { size: number }).size });
  }

  /** The value stored for `key`, or -1. */
  get(key: number): number {
    const mask = this.keys.length - 1;
    for (let h = (Math.imul(key, HASH) >>> 16) & mask; ; h = (h + 1) & mask) {
      const v = this.values[h]!;
      if (v < 0 || this.keys[h] === key) return v;
    }
  }

  set(key: number, value: number): void {
    if ((this.size + 1) * 4 > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let h = (Math.imul(key, HASH) >>> 16) & mask;
    while (this.values[h]! >= 0 && this.keys[h] !== key) h = (h + 1) & mask;
    if (this.values[h]! < 0) this.size++;
    this.keys[h] = key;
    this.values[h] = value;
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2).fill(-1);
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (values[i]! >= 0) this.set(keys[i]!, values[i]!);
  }
}

/** Makes room in `hits` for `more` after its count. */
function reserve(hits: KeywordHits, more: number): void {
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

function record(hits: KeywordHits, start: number, id: number): void {
  if (hits.count === hits.starts.length) reserve(hits, 1);
  hits.starts[hits.count] = start;
  hits.ids[hits.count++] = id;
}

/**
 * The hot loop in JavaScript: what prefilter-wasm/keyword-scan.wat does in WebAssembly (the
 * reference its tests hold it to, and the fallback where WebAssembly is off). Records
 * every table-indexed keyword occurrence in `bytes`. It keeps
 * the last four bytes, case-folded, in one number and tests one bit of a hashed filter
 * per position; only where the filter lets a position through (a few %) does it look
 * the three- or four-byte prefix ending there up exactly. Two-byte keywords and anchors
 * are rare enough to be found from their last byte. A plain function over plain
 * arguments so V8 optimizes it once (as a method it kept deoptimizing).
 */
function scanBytes(bytes: Uint8Array, t: KeywordTables, hits: KeywordHits): void {
  const { filter, ends } = t;
  const n = bytes.length;
  let last4 = 0x20202020; // as if spaces came before: a keyword opening the text passes the filter too
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    // Kept an int32 (no `>>> 0`): as a uint32 it can leave the small-integer range and V8 re-optimizes the loop for doubles.
    last4 = (last4 << 8) | (b | 0x20);
    const h = Math.imul(last4, HASH) >>> FILTER_SHIFT;
    if ((filter[h >>> 5]! & (1 << (h & 31))) !== 0) prefixesEndingAt(bytes, i, t, hits);
    const e = ends[b]!;
    if (e !== 0) {
      if (e & ENDS_PAIR && i >= 1) {
        const id = t.pairKeyword[(FOLD[bytes[i - 1]!]! << 8) | FOLD[b]!]!;
        if (id !== 0) record(hits, i - 1, id - 1);
      }
      if (e & ENDS_EXACT_PAIR && i >= 1) {
        const id = t.exactPairKeyword[(bytes[i - 1]! << 8) | b]!;
        if (id !== 0) record(hits, i - 1, id - 1);
      }
      if (e & ENDS_ANCHOR) anchorEndsAt(bytes, i, t, hits);
    }
  }
}

/** Records the three-byte keyword ending at byte `i` and the longer ones whose first four bytes end there. */
function prefixesEndingAt(bytes: Uint8Array, i: number, t: KeywordTables, hits: KeywordHits): void {
  if (i < 2) return;
  const p3 = (FOLD[bytes[i - 2]!]! << 16) | (FOLD[bytes[i - 1]!]! << 8) | FOLD[bytes[i]!]!;
  const three = t.triples.get(p3);
  if (three >= 0) for (const k of t.tripleIds[three]!) if (!t.exact[k] || matchesAt(bytes, i - 2, t.keywords[k]!, true)) record(hits, i - 2, k);
  if (i < 3) return;
  const at = t.quads.get((FOLD[bytes[i - 3]!]! << 24) | p3);
  if (at >= 0) for (const k of t.quadIds[at]!) if (matchesAt(bytes, i - 3, t.keywords[k]!, t.exact[k]!)) record(hits, i - 3, k);
}

/** Records the anchors ending at byte `i` (a closing mark), where the gap before it is right. */
function anchorEndsAt(bytes: Uint8Array, i: number, t: KeywordTables, hits: KeywordHits): void {
  const b = bytes[i];
  for (const anchor of t.anchors) {
    const start = i - anchor.gap - 1;
    if (b === anchor.close && start >= 0 && bytes[start] === anchor.open && tokenRun(bytes, start + 1, i)) record(hits, start, anchor.id);
  }
}

/** Whether lower- and upper-casing leave `k` as it is. */
function caseless(k: string): boolean {
  return k.toLowerCase() === k.toUpperCase();
}

/** A lower-case ASCII byte and, for a letter, its upper case. */
function caseVariants(c: number): number[] {
  return c >= 97 && c <= 122 ? [c, c - 32] : [c];
}

/** Token characters of an anchor's gap: letters, digits, `_` and `-` (base64url). */
const TOKEN = Uint8Array.from({ length: 256 }, (_, b) => (/[A-Za-z0-9_-]/.test(String.fromCharCode(b)) ? 1 : 0));

function tokenRun(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (TOKEN[bytes[i]!] === 0) return false;
  return true;
}

/** Whether ASCII keyword `k` occurs at byte `i`: exactly as spelled, or (lower-case `k`) ignoring ASCII case. */
function matchesAt(bytes: Uint8Array, i: number, k: string, exact: boolean): boolean {
  if (i + k.length > bytes.length) return false;
  for (let j = 0; j < k.length; j++) if ((exact ? bytes[i + j] : FOLD[bytes[i + j]!]) !== k.charCodeAt(j)) return false;
  return true;
}

/**
 * Turns the byte offsets of hits in valid UTF-8 into offsets in the decoded text (UTF-16
 * units): every byte that starts a character is one unit, a four-byte one two. Hits start
 * with ASCII, so each start is a character boundary. Hits are nearly in order, so one
 * cursor walks forward and, for the few a little out of order, briefly back.
 */
function toUtf16Offsets(bytes: Uint8Array, hits: KeywordHits): void {
  let byte = 0;
  let unit = 0;
  const width = (b: number) => ((b & 0xc0) === 0x80 ? 0 : b >= 0xf0 ? 2 : 1);
  for (let h = 0; h < hits.count; h++) {
    const start = hits.starts[h]!;
    for (; byte < start; byte++) unit += width(bytes[byte]!);
    for (; byte > start;) unit -= width(bytes[--byte]!);
    hits.starts[h] = unit;
  }
}
