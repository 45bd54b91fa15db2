import { shannonEntropy } from '../entropy.js';
import type { Chunk } from '../types.js';
import type { DerivedChunk } from './types.js';

/** The encodings keylint undoes, in the words a finding uses (`decoded: base64`). */
export type Encoding = 'base64' | 'hex' | 'percent' | 'json-string';

/** One decoding step: the encoding and the decoded text, or undefined when the value is not that encoding. */
type Decoder = (value: string) => string | undefined;

// Shorter values decode to under 12 bytes: too short for any credential worth a rule.
const MIN_BASE64 = 16;
const MIN_HEX = 32;
// Longer values are images, fonts and source maps, not credentials (and decoding them is slow).
const MAX_ENCODED = 8192;
/** How many encodings deep a value is undone (`base64(hex(token))` is two). */
export const MAX_DECODE_DEPTH = 2;

// Runs of each alphabet, bounded so a longer run is never cut into a "valid" middle piece.
const BASE64_RUN = /(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_-]{16,8192}={0,2}(?![A-Za-z0-9+/_=-])/g;
const HEX_RUN = /(?<![0-9A-Za-z])(?:[0-9a-fA-F]{2}){16,4096}(?![0-9A-Za-z])/g;
// A URL-ish run holding at least two %XX escapes. Every pattern here starts only where its
// run starts (the look-behind), so a long run is walked once, not once per position in it.
const PERCENT_RUN = /(?<![\w.~+%-])[\w.~+-]*%[0-9A-Fa-f]{2}[\w.~+%-]*%[0-9A-Fa-f]{2}[\w.~+%-]*/g;
// A JSON object written inside another string (`'{\"access_token\":\"…\"}'`), up to the
// enclosing string's closing quote. Escaped quotes elsewhere (HTML in a bundle) do not start one.
const JSON_STRING_RUN = /\{\\"(?:[^"\\\n]|\\.)*/g;

/** Whether decoded text is worth scanning: valid UTF-8, no NUL, at most 1 in 20 control characters. */
export function printableText(text: string): boolean {
  if (text.includes('\0') || text.includes('\uFFFD')) return false;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 && c !== 10 && c !== 13 && c !== 9) bad++;
  }
  return bad * 20 <= text.length;
}

/** Base64 or base64url, strictly: a length that is whole bytes, an alphabet not mixed between the two. */
export function decodeBase64(value: string): string | undefined {
  const body = value.replace(/=+$/, '');
  if (body.length % 4 === 1) return undefined;
  if (/[+/]/.test(body) && /[-_]/.test(body)) return undefined;
  // Plain words and identifiers share the alphabet; real encodings mix cases and digits.
  if (!/[a-z]/.test(body) || !/[A-Z0-9]/.test(body)) return undefined;
  if (shannonEntropy(body) < 3.5) return undefined;
  const text = Buffer.from(body, /[-_]/.test(body) ? 'base64url' : 'base64').toString('utf8');
  return printableText(text) ? text : undefined;
}

/** Hex that decodes to text (hashes and binary ids decode to bytes and drop out). */
export function decodeHex(value: string): string | undefined {
  if (value.length % 2 !== 0) return undefined;
  const text = Buffer.from(value, 'hex').toString('utf8');
  return printableText(text) && /[A-Za-z]{3}/.test(text) ? text : undefined;
}

/** Percent-encoding, as in a URL's query or a form body. */
export function decodePercent(value: string): string | undefined {
  try {
    const text = decodeURIComponent(value.replace(/\+/g, ' '));
    return text !== value && printableText(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

const JSON_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', "'": "'", '\\': '\\', '/': '/', b: '\b', f: '\f' };

/** JSON string escapes undone: `{\"access_token\":\"…\"}` becomes `{"access_token":"…"}`. */
export function decodeJsonString(value: string): string | undefined {
  const text = value.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (m, e: string) => (e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : (JSON_ESCAPES[e] ?? m)));
  return text !== value ? text : undefined;
}

const DECODERS: [Encoding, RegExp, Decoder][] = [
  ['base64', BASE64_RUN, decodeBase64],
  ['hex', HEX_RUN, decodeHex],
  ['percent', PERCENT_RUN, decodePercent],
  ['json-string', JSON_STRING_RUN, decodeJsonString],
];

/** A decoded value found in some text: where it was, what it decoded to, through which encodings. */
export interface DecodedValue {
  start: number;
  end: number;
  text: string;
  encodings: Encoding[];
}

/**
 * Every value in `text` that decodes (base64, hex, percent, JSON escapes) to printable text,
 * and what those decoded texts hold in turn, up to `MAX_DECODE_DEPTH` encodings deep.
 */
export function decodedValues(text: string, depth = 1): DecodedValue[] {
  const out: DecodedValue[] = [];
  for (const [encoding, run, decode] of DECODERS) {
    // matchAll works on a copy of the regex: the recursion below runs the same patterns.
    for (const m of text.matchAll(run)) {
      const value = m[0];
      if (value.length > MAX_ENCODED || (encoding === 'base64' && value.length < MIN_BASE64) || (encoding === 'hex' && value.length < MIN_HEX)) continue;
      const decoded = decode(value);
      if (decoded === undefined || decoded.trim().length < 8) continue;
      const start = m.index;
      const end = start + value.length;
      out.push({ start, end, text: decoded, encodings: [encoding] });
      const inner = depth < MAX_DECODE_DEPTH ? decodedValues(decoded, depth + 1) : [];
      // What a value decodes to in turn is reported at the outer value's place.
      for (const deeper of inner) out.push({ start, end, text: deeper.text, encodings: [encoding, ...deeper.encodings] });
    }
  }
  return out;
}

/** The assignment in front of a value on its line (`GITHUB_TOKEN: `), so a decoded value keeps the name rules look for. */
function assignmentBefore(text: string, start: number): string {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const prefix = text.slice(lineStart, start);
  return /[=:]\s*["'`]?$/.test(prefix) && prefix.length <= 200 ? prefix.trimStart() : '';
}

/**
 * Decoded values of a chunk as derived chunks: each is scanned as if it stood on its own
 * line after its assignment, and its findings are reported at the encoded value's place.
 * `worthScanning` is the cheap test (the keyword prefilter) that drops derived text no
 * rule could match: most decoded values are ordinary text.
 */
export function encodedValues(chunk: Chunk, worthScanning: (text: string) => boolean): DerivedChunk[] {
  const out: DerivedChunk[] = [];
  for (const d of decodedValues(chunk.text)) {
    const text = `${assignmentBefore(chunk.text, d.start)}${d.text}\n`;
    if (worthScanning(text)) out.push({ chunk: { path: chunk.path, text }, origin: { start: d.start, end: d.end }, note: `decoded: ${d.encodings.join(', ')}`, decoded: d.encodings });
  }
  return out;
}
