import type { CompiledRule } from './types.js';

const encoder = new TextEncoder();

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
 * Picks the rules worth running on a text in one pass over it: a rule whose
 * keywords never occur (case-insensitively) is skipped without running its regex.
 *
 * Why not one big regex alternation: V8 runs a 500-keyword alternation at about
 * 10 ns per character, as much as reading the files. This walks the UTF-8 bytes
 * once (V8 indexes a Uint8Array several times faster than it calls charCodeAt),
 * checking a hashed filter of keyword prefixes at each position and confirming
 * the few hits exactly. Keywords the tables cannot index (shorter than two bytes,
 * or not ASCII) are looked for with a plain `includes` on the lower-cased text.
 */
export class KeywordPrefilter {
  private readonly always: CompiledRule[];
  private readonly rulesOf: CompiledRule[][] = [];
  private readonly tables: KeywordTables & { keywords: string[]; pairKeyword: Map<number, number>; triples: Map<number, number>; quads: Map<number, number[]> } = {
    keywords: [],
    filter: new Uint8Array(1 << FILTER_BITS),
    pairKeyword: new Map(),
    triples: new Map(),
    quads: new Map(),
  };
  /** Ids of the keywords the tables cannot index. */
  private readonly odd: number[] = [];

  constructor(rules: readonly CompiledRule[]) {
    this.always = rules.filter((r) => r.keywords.length === 0);
    const ids = new Map<string, number>();
    for (const r of rules) {
      for (const raw of r.keywords) {
        const k = raw.toLowerCase();
        let id = ids.get(k);
        if (id === undefined) {
          id = this.tables.keywords.push(k) - 1;
          ids.set(k, id);
          this.rulesOf.push([]);
          this.index(k, id);
        }
        this.rulesOf[id]!.push(r);
      }
    }
  }

  private index(k: string, id: number): void {
    if (k.length < 2 || !/^[\x00-\x7f]*$/.test(k)) {
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

  /** Ids of the keywords that occur in `text`. */
  private keywordsIn(text: string): number[] {
    const found = findIndexedKeywords(encoder.encode(text), this.tables);
    if (this.odd.length) {
      const lower = text.toLowerCase();
      for (const id of this.odd) if (lower.includes(this.tables.keywords[id]!)) found.push(id);
    }
    return found;
  }

  /** Whether any rule's keyword occurs in `text` (rules without keywords do not count). */
  hasKeyword(text: string): boolean {
    return this.keywordsIn(text).length > 0;
  }

  /** Rules to run on `text`, in their original order. */
  select(text: string, order: ReadonlyMap<CompiledRule, number>): CompiledRule[] {
    const selected = new Set(this.always);
    for (const id of this.keywordsIn(text)) for (const r of this.rulesOf[id]!) selected.add(r);
    return [...selected].sort((a, b) => order.get(a)! - order.get(b)!);
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
}

/**
 * The one hot loop: ids of the table-indexed keywords in `bytes`. It keeps the last
 * four folded bytes in one number and checks a single filter per position for the
 * pair, triple and quad ending there; only on a filter hit (a few % of positions)
 * does it look the prefix up exactly. A plain function over plain arguments so V8
 * optimizes it once (as a method it kept deoptimizing).
 */
function findIndexedKeywords(bytes: Uint8Array, t: KeywordTables): number[] {
  const { keywords, filter, pairKeyword, triples, quads } = t;
  const seen = new Uint8Array(keywords.length);
  const found: number[] = [];
  const note = (id: number | undefined) => {
    if (id !== undefined && seen[id] === 0) {
      seen[id] = 1;
      found.push(id);
    }
  };
  let last4 = 0;
  for (let i = 0; i < bytes.length; i++) {
    last4 = ((last4 << 8) | FOLD[bytes[i]!]!) >>> 0;
    const hit = (filter[slot(last4)]! & ENDS_QUAD) | (filter[slot(last4 & 0xffffff)]! & ENDS_TRIPLE) | (filter[slot(last4 & 0xffff)]! & ENDS_PAIR);
    if (hit === 0) continue;
    if (hit & ENDS_PAIR) note(pairKeyword.get(last4 & 0xffff));
    if (hit & ENDS_TRIPLE) note(triples.get(last4 & 0xffffff));
    if (hit & ENDS_QUAD) for (const id of quads.get(last4) ?? []) if (seen[id] === 0 && matchesAt(bytes, i - 3, keywords[id]!)) note(id);
  }
  return found;
}

/** Whether lower-case ASCII keyword `k` occurs at byte `i`, ignoring ASCII case. */
function matchesAt(bytes: Uint8Array, i: number, k: string): boolean {
  if (i + k.length > bytes.length) return false;
  for (let j = 0; j < k.length; j++) if (FOLD[bytes[i + j]!] !== k.charCodeAt(j)) return false;
  return true;
}
