/**
 * A structural anchor: what a rule without a telling keyword always contains, in a form
 * the byte prefilter can find as cheaply as a keyword. Written `.{6}.`: an ASCII
 * punctuation separator, a run of exactly `gap` token characters ([A-Za-z0-9_-]), the
 * separator again, as between the parts of a Discord bot token or a JWT.
 */
export interface Anchor {
  /** The separator's byte. */
  separator: number;
  gap: number;
}

// Any ASCII punctuation but `-` and `_`, which are token characters themselves.
const ANCHOR = /^([!-,./:-@[-^`{-~])\{(\d{1,2})\}\1$/;

/** Parses an anchor; throws an Error saying what is wrong (the compiler names the rule). */
export function parseAnchor(text: string): Anchor {
  const m = ANCHOR.exec(text);
  if (!m || Number(m[2]) < 1) throw new Error(`not an anchor: "${text}" (write a punctuation separator, {gap}, the separator again: ".{6}.")`);
  return { separator: m[1]!.charCodeAt(0), gap: Number(m[2]) };
}
