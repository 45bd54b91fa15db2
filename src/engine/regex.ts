import { expandInlineFlags } from './inline-flags.js';

/**
 * Converts a rule regex written for gitleaks/Go (RE2) or PCRE to a JavaScript RegExp
 * source and flags. Leading inline flags such as `(?i)` become RegExp flags; anything
 * JavaScript cannot express is reported instead of silently changed.
 */
export function toJsRegex(source: string): { source: string; flags: string } {
  // Most patterns hold nothing to translate: one test instead of the eight below.
  if (!MAY_NEED_TRANSLATION.test(source)) return { source, flags: '' };
  let src = source;
  let flags = '';
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    for (const f of lead[1]!) {
      if (f === 'U') throw new Error('the (?U) ungreedy flag has no JavaScript equivalent');
      if (!flags.includes(f)) flags += f;
    }
    src = src.slice(lead[0].length);
  }
  // Flags turned on part-way or for a group are spelled out (src/engine/inline-flags.ts);
  // turning off a flag the whole pattern has cannot be.
  if (/\(\?[imsU]*-[imsU]*[is][imsU]*[:)]/.test(src) && flags)
    throw new Error('turning off a leading inline flag part-way, as in (?-i), has no JavaScript equivalent');
  src = expandInlineFlags(src);
  if (/\(\?P</.test(src)) src = src.replace(/\(\?P</g, '(?<');
  if (/\\z/.test(src)) src = src.replace(/\\z/g, '$');
  if (/\\A/.test(src)) src = src.replace(/\\A/g, '^');
  if (/\[\[:[a-z]+:\]\]/.test(src)) src = src.replace(/\[\[:([a-z]+):\]\]/g, (_, c: string) => `[${POSIX_CLASSES[c] ?? fail(c)}]`);
  if (/\[:[a-z]+:\]/.test(src)) src = src.replace(/\[:([a-z]+):\]/g, (_, c: string) => POSIX_CLASSES[c] ?? fail(c));
  if (/\\p\{/.test(src) || /\\P\{/.test(src)) flags += 'u';
  return { source: src, flags };
}

/** Whatever toJsRegex rewrites starts like this: a flag group or (?P<, \z, \A, \p, \P, a POSIX class. */
const MAY_NEED_TRANSLATION = /\(\?[imsUP-]|\\[zApP]|\[:/;

const POSIX_CLASSES: Record<string, string> = {
  alnum: 'A-Za-z0-9',
  alpha: 'A-Za-z',
  digit: '0-9',
  lower: 'a-z',
  upper: 'A-Z',
  space: '\\s',
  xdigit: '0-9A-Fa-f',
  punct: '!-\\/:-@\\[-`{-~',
  word: '\\w',
};

function fail(cls: string): never {
  throw new Error(`POSIX class [:${cls}:] is not supported`);
}

/**
 * Number of capture groups in a regex: each "(" outside a character class that is not
 * escaped and is not a (?: (?= (?! (?<= (?<! group. Read from the source rather than by
 * compiling a second regex, which cost a tenth of loading the rules at every start.
 */
export function captureGroupCount(re: RegExp): number {
  const src = re.source;
  let count = 0;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(' && (src[i + 1] !== '?' || (src[i + 2] === '<' && src[i + 3] !== '=' && src[i + 3] !== '!'))) count++;
  }
  return count;
}

/**
 * Why a pattern failed to compile, without the pattern: V8 writes
 * `Invalid regular expression: /PATTERN/flags: Unterminated group`, and a pattern in a
 * config may hold a real credential that must not reach stderr or a converted file.
 */
export function regexSyntaxProblem(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const v8 = /^Invalid regular expression: \/[\s\S]*\/[a-z]*: ([^:]+)$/.exec(message);
  if (v8) return v8[1]!;
  return message.startsWith('Invalid regular expression') ? 'invalid regular expression' : message;
}
