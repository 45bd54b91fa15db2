// Control characters (C0, DEL, C1) and bidirectional overrides, which a terminal or a CI log
// would act on: an escape sequence in a file name could rewrite the screen, a line break
// could forge a workflow command, a bidi override could make a path read differently.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text from scanned content (paths, authors, redacted values) made safe to print: unprintables become `\u{…}` escapes. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}
