import { isUtf8 } from 'node:buffer';
import { parseAnchor, type Anchor } from './anchor.js';
import { indexableKeyword } from './regex-span.js';
import type { CompiledRule } from './types.js';

/** Byte -> ASCII-lower-cased byte. */
const FOLD = Uint8Array.from({ length: 256 }, (_, b) => (b >= 65 && b <= 90 ? b | 0x20 : b));

/** Filter bits: which kind of keyword prefix may end at a position. */
const ENDS_PAIR = 1; // a two-byte keyword
const ENDS_TRIPLE = 2; // a three-byte keyword
const ENDS_QUAD = 4; // the first four bytes of a longer keyword

const FILTER_BITS = 20;
/** Hashes a two- to four-byte prefix (as a number) into a FILTER_BITS-bit filter index. */
function slot(prefix: number): number {
  return ((prefix ^ (prefix >>> 12)) >>> 0) & ((1 << FILTER_BITS) - 1);
}

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
 * plain `includes` on the lower-cased text; they have no positions.
 */
export class KeywordPrefilter {
  /** Rule indexes with neither keyword nor anchor: they run on every text. */
  readonly always: number[] = [];
  /** Per keyword id, the indexes of the rules that list it. */
  readonly rulesOf: number[][] = [];
  /** Per rule index, its keyword (and anchor) ids. */
  readonly keywordsOf: number[][] = [];
  /** Per keyword id, its length in characters (an anchor's: its whole pattern). */
  readonly lengthOf: number[] = [];
  private readonly tables: KeywordTables & { keywords: string[]; pairKeyword: Map<number, number>; triples: Map<number, number>; quads: Map<number, number[]> } = {
    keywords: [],
    filter: new Uint8Array(1 << FILTER_BITS),
    pairKeyword: new Map(),
    triples: new Map(),
    quads: new Map(),
    anchor: undefined,
  };
  /** Ids of the keywords the tables cannot index. */
  private readonly odd: number[] = [];
  private readonly hits: KeywordHits;
  /** Ids of rules' keywords (not anchors). */
  private readonly keywordIds: number[];

  constructor(readonly rules: readonly CompiledRule[]) {
    const ids = new Map<string, number>();
    const idOf = (key: string, length: number) => {
      let id = ids.get(key);
      if (id === undefined) {
        id = this.tables.keywords.push(key) - 1;
        ids.set(key, id);
        this.rulesOf.push([]);
        this.lengthOf.push(length);
      }
      return id;
    };
    rules.forEach((r, index) => {
      const own: number[] = [];
      for (const raw of r.keywords) {
        const k = raw.toLowerCase();
        const fresh = !ids.has(k);
        const id = idOf(k, k.length);
        if (fresh) this.index(k, id);
        if (!own.includes(id)) own.push(id);
      }
      if (r.anchor) {
        const anchor = parseAnchor(r.anchor);
        const id = idOf(`anchor:${r.anchor}`, anchor.gap + 2);
        if (this.tables.anchor && this.tables.anchor.separator !== anchor.separator) throw new Error(`${r.id}: only one anchor separator per rule set is supported`);
        this.tables.anchor = { ...anchor, id };
        own.push(id);
      }
      for (const id of own) this.rulesOf[id]!.push(index);
      this.keywordsOf.push(own);
      if (own.length === 0) this.always.push(index);
    });
    this.keywordIds = [...new Set(rules.flatMap((r) => r.keywords.map((k) => ids.get(k.toLowerCase())!)))];
    const n = this.tables.keywords.length;
    this.hits = { count: 0, starts: new Int32Array(1024), ids: new Uint16Array(1024), present: new Uint8Array(n) };
  }

  private index(k: string, id: number): void {
    if (!indexableKeyword(k)) {
      this.odd.push(id);
      return;
    }
    const t = this.tables;
    const pair = (k.charCodeAt(0) << 8) | k.charCodeAt(1);
    if (k.length === 2) {
      t.filter[slot(pair)]! |= ENDS_PAIR;
      t.pairKeyword.set(pair, id);
      return;
    }
    const triple = (pair << 8) | k.charCodeAt(2);
    if (k.length === 3) {
      t.filter[slot(triple)]! |= ENDS_TRIPLE;
      t.triples.set(triple, id);
      return;
    }
    const quad = ((triple << 8) | k.charCodeAt(3)) >>> 0;
    t.filter[slot(quad)]! |= ENDS_QUAD;
    t.quads.set(quad, [...(t.quads.get(quad) ?? []), id]);
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
    hits.present.fill(0);
    const exact = utf8 !== undefined && utf8.length === text.length; // ASCII: bytes and characters line up
    if (utf8 && !exact && isUtf8(utf8)) {
      scanBytes(utf8, this.tables, hits);
      toUtf16Offsets(utf8, hits);
    } else {
      // latin1 keeps one byte per character, so offsets are the text's; a character beyond
      // latin1 becomes its low byte, which can only add hits, never hide an ASCII keyword.
      scanBytes(exact ? utf8 : Buffer.from(text, 'latin1'), this.tables, hits);
    }
    for (let i = 0; i < hits.count; i++) hits.present[hits.ids[i]!] = 1;
    if (this.odd.length) {
      const lower = text.toLowerCase();
      for (const id of this.odd) if (lower.includes(this.tables.keywords[id]!)) hits.present[id] = 1;
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

interface KeywordTables {
  readonly keywords: readonly string[];
  /** slot(prefix) -> ENDS_* bits; a bloom-style filter, so hits are confirmed exactly. */
  readonly filter: Uint8Array;
  /** Two-byte keyword as a number (a << 8 | b) -> its id. */
  readonly pairKeyword: ReadonlyMap<number, number>;
  /** Three-byte keyword as a number -> its id. */
  readonly triples: ReadonlyMap<number, number>;
  /** First four bytes as a number -> ids of the keywords starting with them. */
  readonly quads: ReadonlyMap<number, readonly number[]>;
  /** The rule set's structural anchor, if a rule has one. */
  anchor: (Anchor & { id: number }) | undefined;
}

function record(hits: KeywordHits, start: number, id: number): void {
  if (hits.count === hits.starts.length) {
    const starts = new Int32Array(hits.count * 2);
    starts.set(hits.starts);
    const ids = new Uint16Array(hits.count * 2);
    ids.set(hits.ids);
    hits.starts = starts;
    hits.ids = ids;
  }
  hits.starts[hits.count] = start;
  hits.ids[hits.count++] = id;
}

/**
 * The one hot loop: records every table-indexed keyword occurrence in `bytes`. It keeps
 * the last four folded bytes in one number and checks a single filter per position for
 * the pair, triple and quad ending there; only on a filter hit (a few % of positions)
 * does it look the prefix up exactly. An anchor (a separator byte, `gap` token bytes,
 * the separator again) costs one comparison per byte. A plain function over plain
 * arguments so V8 optimizes it once (as a method it kept deoptimizing).
 */
function scanBytes(bytes: Uint8Array, t: KeywordTables, hits: KeywordHits): void {
  const { keywords, filter, pairKeyword, triples, quads } = t;
  const separator = t.anchor ? t.anchor.separator : -1;
  const span = t.anchor ? t.anchor.gap + 1 : 0;
  let lastSeparator = -1 << 30;
  let last4 = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === separator) {
      if (i - lastSeparator === span && tokenRun(bytes, lastSeparator + 1, i)) record(hits, lastSeparator, t.anchor!.id);
      lastSeparator = i;
    }
    last4 = ((last4 << 8) | FOLD[b]!) >>> 0;
    const hit = (filter[slot(last4)]! & ENDS_QUAD) | (filter[slot(last4 & 0xffffff)]! & ENDS_TRIPLE) | (filter[slot(last4 & 0xffff)]! & ENDS_PAIR);
    if (hit === 0) continue;
    if (hit & ENDS_PAIR) {
      const id = pairKeyword.get(last4 & 0xffff);
      if (id !== undefined && i >= 1) record(hits, i - 1, id);
    }
    if (hit & ENDS_TRIPLE) {
      const id = triples.get(last4 & 0xffffff);
      if (id !== undefined && i >= 2) record(hits, i - 2, id);
    }
    if (hit & ENDS_QUAD) {
      const ids = quads.get(last4);
      if (ids !== undefined && i >= 3) for (const id of ids) if (matchesAt(bytes, i - 3, keywords[id]!)) record(hits, i - 3, id);
    }
  }
}

/** Token characters of an anchor's gap: letters, digits, `_` and `-` (base64url). */
const TOKEN = Uint8Array.from({ length: 256 }, (_, b) => (/[A-Za-z0-9_-]/.test(String.fromCharCode(b)) ? 1 : 0));

function tokenRun(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (TOKEN[bytes[i]!] === 0) return false;
  return true;
}

/** Whether lower-case ASCII keyword `k` occurs at byte `i`, ignoring ASCII case. */
function matchesAt(bytes: Uint8Array, i: number, k: string): boolean {
  if (i + k.length > bytes.length) return false;
  for (let j = 0; j < k.length; j++) if (FOLD[bytes[i + j]!] !== k.charCodeAt(j)) return false;
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
    for (; byte > start; ) unit -= width(bytes[--byte]!);
    hits.starts[h] = unit;
  }
}
