import type { KeywordHits } from './prefilter.js';

/**
 * Ranges of positions where a rule's match may start, from its keyword hits.
 *
 * If every match of a rule holds one of its keywords, starting at most `keywordOffset`
 * into the match, and is at most `maxLength` long, a match holding the occurrence
 * [s, s + len) starts in [s - min(keywordOffset, maxLength - len), s]. Outside
 * the union of these ranges the regex cannot match at all, so searching only inside them
 * finds exactly the matches a search of the whole text finds. Ranges closer than
 * `mergeGap` are joined: searching a few extra characters costs less than another call.
 */
export class HitIndex {
  /** Per keyword id: where its positions start in `positions` (counting sort of the hits by id). */
  private readonly first: Int32Array;
  private readonly positions: Int32Array;

  constructor(hits: KeywordHits, keywordCount: number) {
    const first = new Int32Array(keywordCount + 1);
    for (let i = 0; i < hits.count; i++) first[hits.ids[i]! + 1]!++;
    for (let k = 0; k < keywordCount; k++) first[k + 1]! += first[k]!;
    const fill = first.slice(0, keywordCount);
    const positions = new Int32Array(hits.count);
    // Hits of one keyword were recorded in increasing order, so each keyword's slice is sorted.
    for (let i = 0; i < hits.count; i++) positions[fill[hits.ids[i]!]!++] = hits.starts[i]!;
    this.first = first;
    this.positions = positions;
  }

  /** Every hit of these keyword ids, in increasing order. */
  startsOf(ids: readonly number[]): Int32Array {
    if (ids.length === 1) return this.positions.subarray(this.first[ids[0]!]!, this.first[ids[0]! + 1]!);
    const parts = ids.map((id) => this.positions.subarray(this.first[id]!, this.first[id + 1]!));
    const out = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out.sort();
  }

  /**
   * Start ranges [from, to] (inclusive, flattened pairs) for a rule with these keyword ids
   * and lengths, in increasing order; the positions each covers total `covered`.
   */
  ranges(
    ids: readonly number[],
    lengthOf: readonly number[],
    span: { maxLength: number; keywordOffset: number },
    mergeGap: number,
  ): { ranges: number[]; covered: number } {
    // How far before a hit of each keyword a match holding it may start.
    const lead = ids.map((id) => Math.min(span.keywordOffset, span.maxLength - lengthOf[id]!));
    const cursor = ids.map((id) => this.first[id]!);
    const ranges: number[] = [];
    let covered = 0;
    let from = -1;
    let to = -1;
    for (;;) {
      // k-way merge by range start: per keyword the ranges are sorted, and there are few keywords.
      let best = -1;
      let bestFrom = 0;
      for (let j = 0; j < ids.length; j++) {
        const id = ids[j]!;
        if (cursor[j]! >= this.first[id + 1]!) continue;
        const start = this.positions[cursor[j]!]! - lead[j]!;
        if (best < 0 || start < bestFrom) {
          best = j;
          bestFrom = start;
        }
      }
      if (best < 0) break;
      const last = this.positions[cursor[best]!++]!;
      if (lead[best]! < 0) continue; // no match can hold this keyword
      const start = Math.max(0, bestFrom);
      if (from >= 0 && start <= to + mergeGap) to = Math.max(to, last);
      else {
        if (from >= 0) {
          ranges.push(from, to);
          covered += to - from + 1;
        }
        from = start;
        to = last;
      }
    }
    if (from >= 0) {
      ranges.push(from, to);
      covered += to - from + 1;
    }
    return { ranges, covered };
  }
}

/**
 * Search windows for a rule whose matches never span a line feed (RegexSpan.lineBound)
 * and always hold one of its keywords: a match holding the hit at `s` starts in
 * [start of s's line, s] and ends before the line's end. Flattened triples
 * [from, last, cut]: matches starting in [from, last], searched in the text cut just after
 * the line feed that ends the last hit's line (kept, so `\b` and `$` see what they would
 * in the whole text). Hits on one line share one window; `covered` totals [from, last].
 */
export function lineWindows(text: string, starts: ArrayLike<number>): { windows: number[]; covered: number } {
  const windows: number[] = [];
  let covered = 0;
  let cut = -1; // where the current window's text ends (exclusive)
  for (let i = 0; i < starts.length; i++) {
    const hit = starts[i]!;
    if (hit < cut) {
      // Same line as the window before: it now reaches this hit.
      covered += hit - windows[windows.length - 2]!;
      windows[windows.length - 2] = hit;
      continue;
    }
    const from = text.lastIndexOf('\n', hit) + 1;
    const end = text.indexOf('\n', hit);
    cut = end < 0 ? text.length : end + 1;
    windows.push(from, hit, cut);
    covered += hit - from + 1;
  }
  return { windows, covered };
}
