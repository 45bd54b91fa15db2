/**
 * Redacts a secret for display: a short prefix, an ellipsis and the length.
 * Short values reveal less (a quarter of their length at most), so an 8-character
 * password never shows half of itself.
 */
export function redact(secret: string, prefixLength = 4): string {
  const chars = [...secret];
  const shown = Math.min(prefixLength, Math.floor(chars.length / 4));
  return `${chars.slice(0, shown).join('')}…(${chars.length})`;
}

/** Replaces every occurrence of each secret in a message with its redaction (for errors and logs). */
export function redactIn(message: string, secrets: Iterable<string>): string {
  let out = message;
  for (const s of secrets) if (s.length > 0) out = out.split(s).join(redact(s));
  return out;
}

/**
 * A value a user wrote, quoted for an error message: as written when it reads like a
 * name (a rule id, a glob), redacted when it could be a credential pasted in the wrong
 * place (long, mixing letters and digits, random-looking).
 */
export function quoteUserValue(value: string): string {
  const chars = new Set(value);
  const random = value.length >= 16 && /\d/.test(value) && /[A-Za-z]/.test(value) && chars.size >= value.length / 3;
  return random ? `"${redact(value)}"` : JSON.stringify(value);
}
