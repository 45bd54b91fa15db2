import type { CompiledRule } from './types.js';

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Picks the rules worth running on a text in one pass over it: a rule whose
 * keywords never occur is skipped without running its regex.
 */
export class KeywordPrefilter {
  private readonly always: CompiledRule[];
  private readonly byKeyword = new Map<string, CompiledRule[]>();
  /** For each keyword, every keyword contained in it (itself included). */
  private readonly implied = new Map<string, string[]>();
  private readonly pattern: RegExp | undefined;

  constructor(rules: readonly CompiledRule[]) {
    this.always = rules.filter((r) => r.keywords.length === 0);
    for (const r of rules) for (const k of r.keywords) this.byKeyword.set(k, [...(this.byKeyword.get(k) ?? []), r]);
    const keywords = [...this.byKeyword.keys()].sort((a, b) => b.length - a.length);
    for (const k of keywords) this.implied.set(k, keywords.filter((o) => k.includes(o)));
    // A zero-width lookahead visits every position, and longest-first alternation plus the
    // containment map recovers keywords that overlap or nest inside a longer one.
    this.pattern = keywords.length ? new RegExp(`(?=(${keywords.map(escapeRegex).join('|')}))`, 'gi') : undefined;
  }

  /** Rules to run on `text`, in their original order. */
  select(text: string, order: ReadonlyMap<CompiledRule, number>): CompiledRule[] {
    const found = new Set<string>();
    if (this.pattern) {
      const re = this.pattern;
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        for (const k of this.implied.get(m[1]!.toLowerCase()) ?? []) found.add(k);
        re.lastIndex = m.index + 1;
      }
    }
    const selected = new Set(this.always);
    for (const k of found) for (const r of this.byKeyword.get(k) ?? []) selected.add(r);
    return [...selected].sort((a, b) => order.get(a)! - order.get(b)!);
  }
}
