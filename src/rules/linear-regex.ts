import { createRequire } from 'node:module';

/** The subset of RE2's API the scanner uses (it mirrors RegExp). */
interface Re2Like {
  lastIndex: number;
  exec(text: string): RegExpExecArray | null;
}
type Re2Constructor = new (pattern: RegExp) => Re2Like;

let re2: Re2Constructor | null | undefined;

/** The optional `re2` binding (linear-time matching), or null when it is not installed or did not build. */
export function loadRe2(): Re2Constructor | null {
  if (re2 === undefined) {
    try {
      re2 = createRequire(import.meta.url)('re2') as Re2Constructor;
    } catch {
      re2 = null;
    }
  }
  return re2;
}

/** How long one regex may spend on one chunk of text before it gives up on that chunk. */
export const CHUNK_BUDGET_MS = 250;

/**
 * A RegExp that stops matching a text once it has spent its budget on it, for patterns
 * RE2 cannot run (lookaround, backreferences). It bounds the many-matches case; a single
 * catastrophic call is prevented by the static check at load instead.
 */
export class BudgetedRegExp extends RegExp {
  private text: string | undefined;
  private spent = 0;
  /** How many texts this regex gave up on part-way. */
  exhausted = 0;

  constructor(
    source: RegExp,
    readonly budgetMs = CHUNK_BUDGET_MS,
  ) {
    super(source.source, source.flags);
  }

  override exec(text: string): RegExpExecArray | null {
    if (text !== this.text) {
      this.text = text;
      this.spent = 0;
    }
    if (this.spent > this.budgetMs) return null;
    const started = performance.now();
    const m = super.exec(text);
    this.spent += performance.now() - started;
    if (this.spent > this.budgetMs) this.exhausted++;
    return m;
  }
}

/**
 * The regex a custom rule runs with: RE2 when it is installed and can express the
 * pattern (matching time linear in the text, so no input can hang the scan), else a
 * budgeted JavaScript RegExp. Also says which engine was chosen.
 */
export function runtimeRegex(re: RegExp): { regex: RegExp; engine: 're2' | 'js' } {
  const RE2 = loadRe2();
  if (RE2) {
    try {
      // RE2 mirrors RegExp's exec/lastIndex/indices, which is all the scanner touches.
      return { regex: new RE2(re) as unknown as RegExp, engine: 're2' };
    } catch {
      // Lookaround or backreferences: RE2 cannot run it; fall through to the budget.
    }
  }
  return { regex: new BudgetedRegExp(re), engine: 'js' };
}
