import { redact } from '../engine/index.js';

// A run of token characters that may be a real key pasted into a rule file: never print it whole.
const TOKEN_RUN = /[A-Za-z0-9+/=_.~-]{8,}/g;
const MAX_SHOWN = 80;

/** Whether a run looks like a key: long, or shorter but mixing letters and digits (`hunter42x`); plain words stay. */
const secretLooking = (run: string) => run.length >= 12 || (/[A-Za-z]/.test(run) && /\d/.test(run));

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
