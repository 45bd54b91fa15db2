/**
 * A structural anchor: what every match of a rule holds that no keyword can name, in a
 * form the byte prefilter finds as cheaply as a keyword. Written `.{6}.` or `.{6}:`: an
 * ASCII punctuation mark, exactly `gap` token characters ([A-Za-z0-9_-]), another (or the
 * same) punctuation mark, as between the parts of a Discord bot token or an Ably key.
 * A rule with no keywords runs wherever its anchor occurs; a rule with keywords still
 * needs one of them in the text, and the anchor says where to look.
 */
export interface Anchor {
  /** The opening mark's byte. */
  open: number;
  gap: number;
  /** The closing mark's byte. */
  close: number;
}

// Any ASCII punctuation but `-` and `_`, which are token characters themselves.
const MARK = '[!-,./:-@[-^`{-~]';
const ANCHOR = new RegExp(`^(${MARK})\\{(\\d{1,2})\\}(${MARK})$`);

/** Parses an anchor; throws an Error saying what is wrong (the compiler names the rule). */
export function parseAnchor(text: string): Anchor {
  const m = ANCHOR.exec(text);
  if (!m || Number(m[2]) < 1) throw new Error(`not an anchor: "${text}" (write a punctuation mark, {gap}, a punctuation mark: ".{6}.")`);
  return { open: m[1]!.charCodeAt(0), gap: Number(m[2]), close: m[3]!.charCodeAt(0) };
}
