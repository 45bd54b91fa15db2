/**
 * Converts a rule regex written for gitleaks/Go (RE2) or PCRE to a JavaScript RegExp
 * source and flags. Leading inline flags such as `(?i)` become RegExp flags; anything
 * JavaScript cannot express is reported instead of silently changed.
 */
export function toJsRegex(source: string): { source: string; flags: string } {
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
  if (/\(\?[imsU-]+\)/.test(src)) throw new Error('inline flags such as (?i) are only supported at the start of the pattern');
  if (/\(\?[imsU-]+:/.test(src)) throw new Error('scoped inline flags such as (?i:...) are not supported; use a leading (?i)');
  if (/\(\?P</.test(src)) src = src.replace(/\(\?P</g, '(?<');
  if (/\\z/.test(src)) src = src.replace(/\\z/g, '$');
  if (/\\A/.test(src)) src = src.replace(/\\A/g, '^');
  if (/\[\[:[a-z]+:\]\]/.test(src)) src = src.replace(/\[\[:([a-z]+):\]\]/g, (_, c: string) => `[${POSIX_CLASSES[c] ?? fail(c)}]`);
  if (/\[:[a-z]+:\]/.test(src)) src = src.replace(/\[:([a-z]+):\]/g, (_, c: string) => POSIX_CLASSES[c] ?? fail(c));
  if (/\\p\{/.test(src) || /\\P\{/.test(src)) flags += 'u';
  return { source: src, flags };
}

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
