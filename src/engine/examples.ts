import { BASE62_ALPHABET } from './base62.js';
import { derTemplate } from './der-template.js';
import { bech32Encode } from './validators/bech32.js';
import { makeBase62Crc32Token } from './validators/base62-crc32.js';
import { makeNkeySeed } from './validators/nkey.js';

/**
 * Rule examples are templates expanded at test time, so the repository never holds a
 * string that push protection or another scanner would take for a live token:
 *   {{crc32:ghp_}}          prefix + 30 base62 + real base62 CRC-32
 *   {{rand:hex:32}}         random characters from a named alphabet
 *   {{jwt:{"role":"anon"}}} HS256 JWT with that payload and a random signature
 *   {{b64url:TEXT}} {{b64:TEXT}}  encodings of TEXT (templates inside are expanded first)
 *   {{bech32:age-secret-key-:52}} bech32 string with a valid checksum
 *   {{upper:TEXT}}          TEXT upper-cased
 *   {{der:rsa}} {{der:ec:escaped}} {{der:ed25519}}  a PEM body that decodes to a private key's DER outline
 *   {{nkey:U}}              NATS nkey seed of that type letter with a valid CRC-16
 * Expansion is deterministic for a given seed.
 */
export const ALPHABETS: Readonly<Record<string, string>> = {
  base62: BASE62_ALPHABET,
  alnum: BASE62_ALPHABET,
  hex: '0123456789abcdef',
  HEX: '0123456789ABCDEF',
  b64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  b64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  base32: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  digits: '0123456789',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  alpha: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  lowernum: 'abcdefghijklmnopqrstuvwxyz0123456789',
  uppernum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
};

/** A small seeded PRNG (mulberry32): examples must expand the same way on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function randomString(next: () => number, alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
  return s;
}

type Expander = (arg: string, next: () => number) => string;

// No credential is longer than this (the scanner rejects longer matches too): a larger
// count is a mistake or an attack (`{{rand:hex:999999999}}` would hang config loading).
const MAX_TEMPLATE_COUNT = 16384;

/** A template's character count, checked against MAX_TEMPLATE_COUNT. */
function templateCount(value: string, template: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(n)) throw new Error(`bad ${template} template count "${value}"`);
  if (n > MAX_TEMPLATE_COUNT) throw new Error(`${template} template count ${n} is over the limit of ${MAX_TEMPLATE_COUNT}`);
  return n;
}

const EXPANDERS: Record<string, Expander> = {
  crc32: (prefix, next) => makeBase62Crc32Token(prefix, randomString(next, BASE62_ALPHABET, 30)),
  rand: (arg, next) => {
    const [name, count] = arg.split(':');
    const alphabet = ALPHABETS[name ?? ''];
    if (!alphabet) throw new Error(`bad rand template "${arg}"`);
    return randomString(next, alphabet, templateCount(count ?? '', 'rand'));
  },
  jwt: (payload, next) => {
    JSON.parse(payload);
    const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
    return `${header}.${Buffer.from(payload).toString('base64url')}.${randomString(next, ALPHABETS.b64url!, 43)}`;
  },
  b64url: (text) => Buffer.from(text).toString('base64url'),
  b64: (text) => Buffer.from(text).toString('base64'),
  upper: (text) => text.toUpperCase(),
  der: derTemplate,
  nkey: (type, next) =>
    makeNkeySeed(
      type,
      Uint8Array.from({ length: 32 }, () => Math.floor(next() * 256)),
    ),
  bech32: (arg, next) => {
    const at = arg.lastIndexOf(':');
    const hrp = arg.slice(0, at);
    const n = templateCount(arg.slice(at + 1), 'bech32');
    const data = Array.from({ length: n }, () => Math.floor(next() * 32));
    const encoded = bech32Encode(hrp.toLowerCase(), data);
    return hrp === hrp.toUpperCase() ? encoded.toUpperCase() : encoded;
  },
};

/** Expands every `{{name:arg}}` template in an example string. */
export function expandExample(template: string, seed = seedOf(template)): string {
  const next = seededRandom(seed);
  return expandWith(template, next);
}

const TEMPLATE_HEAD = /\{\{([a-z0-9]{1,16}):/iy;

function expandWith(text: string, next: () => number): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) break;
    // Read the name where the braces open: searching ahead for a ':' from every "{{" would be quadratic.
    TEMPLATE_HEAD.lastIndex = open;
    const head = TEMPLATE_HEAD.exec(text);
    const expander = head ? EXPANDERS[head[1]!] : undefined;
    const colon = open + (head?.[0].length ?? 0) - 1;
    if (!expander) {
      out += text.slice(i, open + 2);
      i = open + 2;
      continue;
    }
    const close = findClose(text, colon + 1);
    if (close < 0) throw new Error(`unterminated template at "${text.slice(open, open + 20)}"`);
    out += text.slice(i, open) + expander(expandWith(text.slice(colon + 1, close), next), next);
    i = close + 2;
  }
  return out + text.slice(i);
}

// The argument may hold JSON braces and nested templates: balance them before the closing `}}`.
function findClose(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{') depth++;
    else if (ch === '}') {
      if (depth === 0 && text[i + 1] === '}') return i;
      if (depth > 0) depth--;
    }
  }
  return -1;
}
