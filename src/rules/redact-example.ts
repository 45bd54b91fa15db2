import { redact } from '../engine/index.js';

// A run of token characters that may be a real key pasted into a rule file: never print it whole.
const TOKEN_RUN = /[A-Za-z0-9+/=_.~-]{8,}/g;
const MAX_SHOWN = 80;

/**
 * Whether a run looks like a key: letters mixed with digits (`hunter42x`, random base62,
 * hex, base64 all have both), or long with no word separator. Names such as
 * `NEXT_PUBLIC_STATSIG_KEY` and words stay readable.
 */
const secretLooking = (run: string) => (/[A-Za-z]/.test(run) && /\d/.test(run)) || (run.length >= 24 && !/[_.-]/.test(run));

/**
 * A rule example as written (its template, not the expanded value), safe to print: any
 * secret-looking run is redacted and the example is cut to one short line. Templates
 * such as `{{crc32:ghp_}}` hold no value, so they stay readable.
 */
export function redactExample(template: string): string {
  const one = template.replace(/\r?\n/g, '⏎');
  const shown = one.replace(TOKEN_RUN, (run) => (secretLooking(run) ? redact(run) : run));
  return shown.length > MAX_SHOWN ? `${shown.slice(0, MAX_SHOWN - 1)}…` : shown;
}
