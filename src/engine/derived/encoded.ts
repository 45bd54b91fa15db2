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

// A JSON object written inside another string (`'{\"access_token\":\"…\"}'`), up to the
// enclosing string's closing quote. Escaped quotes elsewhere (HTML in a bundle) do not start one.
const JSON_STRING_RUN = /\{\\"(?:[^"\\\n]|\\.)*/g;

/** Character classes of the one pass that finds encoded-looking runs. */
const LOWER = 1;
const UPPER = 2;
const DIGIT = 4;
const B64_SYMBOL = 8; // + /
const URL_SYMBOL = 16; // - _
const PAD = 32; // =
const PERCENT = 64; // %
const URL_ONLY = 128; // ~ (percent-encoded text, never base64 or hex)
const NOT_HEX = 256; // letters past f
// Indexed by UTF-16 code unit: every character outside the table's ASCII part is class 0.
const CLASS = new Uint16Array(65536);
for (let c = 97; c <= 122; c++) CLASS[c] = c > 102 ? LOWER | NOT_HEX : LOWER;
for (let c = 65; c <= 90; c++) CLASS[c] = c > 70 ? UPPER | NOT_HEX : UPPER;
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT;
CLASS[43] = CLASS[47] = B64_SYMBOL;
CLASS[45] = CLASS[95] = URL_SYMBOL;
CLASS[61] = PAD;
CLASS[37] = PERCENT;
CLASS[126] = URL_ONLY; // `.` is left out: it joins identifiers in code into long runs that are never encoded

/** An encoded-looking run of text: where it is and which classes of characters it holds. */
interface Run {
  start: number;
  end: number;
  classes: number;
}

/** Whether position `i` can be inside a run: a run character, but not an `=` that assigns (`KEY=value`). */
function inRun(text: string, i: number): boolean {
  const k = CLASS[text.charCodeAt(i)]!;
  // `=` pads the end of base64; followed by more of a run it is an assignment, which splits it.
  return k !== 0 && !(k === PAD && i + 1 < text.length && CLASS[text.charCodeAt(i + 1)]! & ~PAD);
}

/**
 * Runs of at least `MIN_BASE64` characters that could be encoded (base64 and URL alphabets,
 * `=`, `%`). Any such run covers a multiple of `MIN_BASE64`, so only those positions are
 * probed, and a run is walked out from a probe that lands in one: most text is read at a
 * sixteenth of its length or less (a regex per encoding cost more than the rules did).
 */
function encodedRuns(text: string): Run[] {
  const runs: Run[] = [];
  for (let probe = 0; probe < text.length; probe += MIN_BASE64) {
    if (!inRun(text, probe)) continue;
    let start = probe;
    while (start > 0 && inRun(text, start - 1)) start--;
    let end = probe + 1;
    while (end < text.length && inRun(text, end)) end++;
    if (end - start >= MIN_BASE64 && end - start <= MAX_ENCODED) {
      let classes = 0;
      for (let i = start; i < end; i++) classes |= CLASS[text.charCodeAt(i)]!;
      runs.push({ start, end, classes });
    }
    // The next probe past this run: a run ends before the next one starts.
    probe = Math.max(probe, Math.floor(end / MIN_BASE64) * MIN_BASE64);
  }
  return runs;
}

// A quote followed by at least MIN_BASE64 characters that CLASS gives a class, as any run
// long enough to keep starts: the regex passes over the many quotes before short strings in
// its own loop instead of returning to quotedRuns for each (a third faster on package code).
const RUN_CHARACTERS = Array.from({ length: 128 }, (_, c) => c)
  .filter((c) => CLASS[c] !== 0)
  .map((c) => `\\x${c.toString(16).padStart(2, '0')}`)
  .join('');
const QUOTE = new RegExp(`["'\`](?=[${RUN_CHARACTERS}]{${MIN_BASE64}})`, 'g');

/**
 * Runs that start a string literal: in source code an encoded credential is written as a
 * string, so only the text right after each quote is walked, not every identifier.
 */
function quotedRuns(text: string): Run[] {
  const runs: Run[] = [];
  // test() rather than matchAll(): a text has a quote every few dozen characters, and each match array is garbage.
  QUOTE.lastIndex = 0;
  while (QUOTE.test(text)) {
    const start = QUOTE.lastIndex;
    let end = start;
    let classes = 0;
    while (end < text.length && end - start <= MAX_ENCODED && inRun(text, end)) classes |= CLASS[text.charCodeAt(end++)]!;
    if (end - start >= MIN_BASE64 && end - start <= MAX_ENCODED) runs.push({ start, end, classes });
  }
  return runs;
}

/**
 * The encoding a run may be in, from the classes of its characters and, for base64, its
 * first bytes: decided without copying the run, since most runs are identifiers.
 */
function candidateEncoding(text: string, run: Run): Encoding | undefined {
  const { classes } = run;
  if (classes & PERCENT) return classes & (LOWER | UPPER | DIGIT) ? 'percent' : undefined;
  if (classes & URL_ONLY) return undefined;
  if (run.end - run.start >= MIN_HEX && !(classes & (NOT_HEX | B64_SYMBOL | URL_SYMBOL | PAD))) return 'hex';
  // Base64 mixes lower case with upper case or digits, and (as text) starts with printable bytes.
  if (!(classes & LOWER) || !(classes & (UPPER | DIGIT))) return undefined;
  return startsWithText(text, run.start, run.end) ? 'base64' : undefined;
}

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

const BASE64_VALUE = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split('').forEach((ch, i) => (BASE64_VALUE[ch.charCodeAt(0)] = i));
BASE64_VALUE[43] = BASE64_VALUE[45] = 62; // + -
BASE64_VALUE[47] = BASE64_VALUE[95] = 63; // / _

/** Whether a byte is printable ASCII text (or a tab or line break). */
const textByte = (b: number) => (b >= 32 && b < 127) || b === 9 || b === 10 || b === 13;

/**
 * Whether the first 12 characters decode to 9 bytes of printable ASCII: random identifiers
 * and binary data almost never do (about 1 in 10,000), so most runs stop here, undecoded.
 */
function startsWithText(text: string, start = 0, end = text.length): boolean {
  const n = Math.min(12, end - start);
  for (let i = start; i + 4 <= start + n; i += 4) {
    const v =
      (BASE64_VALUE[text.charCodeAt(i)]! << 18) |
      (BASE64_VALUE[text.charCodeAt(i + 1)]! << 12) |
      (BASE64_VALUE[text.charCodeAt(i + 2)]! << 6) |
      BASE64_VALUE[text.charCodeAt(i + 3)]!;
    if (v < 0 || !textByte(v >>> 16) || !textByte((v >>> 8) & 255) || !textByte(v & 255)) return false;
  }
  return true;
}

/** Base64 or base64url, strictly: a length that is whole bytes, an alphabet not mixed between the two. */
export function decodeBase64(value: string): string | undefined {
  const body = value.replace(/=+$/, '');
  if (body.length % 4 === 1 || /=/.test(body) || !startsWithText(body)) return undefined;
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
  const text = value.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (m, e: string) =>
    e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : (JSON_ESCAPES[e] ?? m),
  );
  return text !== value ? text : undefined;
}

const DECODERS: Record<Encoding, Decoder> = { base64: decodeBase64, hex: decodeHex, percent: decodePercent, 'json-string': decodeJsonString };

// Minified code and one-line data average far longer lines than anything a person writes.
const MINIFIED_LINE_LENGTH = 1000;

/**
 * Whether text is minified code or a data blob (its lines average over 1,000 characters):
 * its values were generated, not pasted, and it holds most of a code base's bytes, so
 * decoding it would cost much and find little. Counting line breaks is a memchr-speed pass.
 */
function minified(text: string): boolean {
  if (text.length < MINIFIED_LINE_LENGTH * 4) return false;
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0 && lines * MINIFIED_LINE_LENGTH < text.length; i = text.indexOf('\n', i + 1)) lines++;
  return lines * MINIFIED_LINE_LENGTH < text.length;
}

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
export function decodedValues(text: string, depth = 1, where: 'anywhere' | 'strings' = 'anywhere'): DecodedValue[] {
  if (depth === 1 && minified(text)) return [];
  const candidates: { start: number; end: number; encoding: Encoding }[] = [];
  for (const run of where === 'strings' ? quotedRuns(text) : encodedRuns(text)) {
    const encoding = candidateEncoding(text, run);
    if (encoding) candidates.push({ start: run.start, end: run.end, encoding });
  }
  if (text.includes('{\\"')) {
    for (const m of text.matchAll(JSON_STRING_RUN))
      candidates.push({ start: m.index, end: m.index + Math.min(m[0].length, MAX_ENCODED), encoding: 'json-string' });
  }
  const out: DecodedValue[] = [];
  for (const { start, end, encoding } of candidates) {
    const decoded = DECODERS[encoding](text.slice(start, end));
    if (decoded === undefined || decoded.trim().length < 8) continue;
    out.push({ start, end, text: decoded, encodings: [encoding] });
    // What a value decodes to in turn is reported at the outer value's place.
    if (depth < MAX_DECODE_DEPTH)
      for (const deeper of decodedValues(decoded, depth + 1)) out.push({ start, end, text: deeper.text, encodings: [encoding, ...deeper.encodings] });
  }
  return out;
}

// Source code: encoded values are string literals there. Config, data, scripts and docs
// (YAML, .env, JSON, Dockerfiles, shell) are read for bare values too.
const SOURCE_CODE =
  /\.(?:[cm]?[jt]sx?|py|rb|go|java|kt|kts|scala|groovy|cs|fs|vb|php|rs|swift|dart|c|cc|cpp|cxx|h|hh|hpp|m|mm|lua|pl|pm|r|ex|exs|erl|clj|hs|ml|vue|svelte)$/i;

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
  for (const d of decodedValues(chunk.text, 1, SOURCE_CODE.test(chunk.path) ? 'strings' : 'anywhere')) {
    const text = `${assignmentBefore(chunk.text, d.start)}${d.text}\n`;
    if (worthScanning(text))
      out.push({ chunk: { path: chunk.path, text }, origin: { start: d.start, end: d.end }, note: `decoded: ${d.encodings.join(', ')}`, decoded: d.encodings });
  }
  return out;
}
