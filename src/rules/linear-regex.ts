import { GuardedRegExp } from './guarded-regex.js';
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

/**
 * The regex a custom rule runs with: RE2 when it is installed and can express the
 * pattern (matching time linear in the text, so no input can hang the scan), else
 * V8 on a watchdog thread that is stopped when one text overruns its budget
 * (src/rules/guarded-regex.ts). Also says which engine was chosen.
 */
export function runtimeRegex(re: RegExp): { regex: RegExp; engine: 're2' | 'js' } {
  const RE2 = loadRe2();
  if (RE2) {
    try {
      // RE2 mirrors RegExp's exec/lastIndex/indices, which is all the scanner touches.
      return { regex: new RE2(re) as unknown as RegExp, engine: 're2' };
    } catch {
      // Lookaround or backreferences: RE2 cannot run it; fall through to the watchdog.
    }
  }
  return { regex: new GuardedRegExp(re), engine: 'js' };
}
