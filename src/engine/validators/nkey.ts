import type { Validation } from '../types.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
// NATS seed prefix byte ('S' in base32) and the key types a seed can hold: the second
// character of an encoded seed is the type's letter.
const PREFIX_BYTE_SEED = 18 << 3;
const SEED_TYPES: Readonly<Record<number, string>> = { [20 << 3]: 'user', [0]: 'account', [14 << 3]: 'operator', [13 << 3]: 'server', [2 << 3]: 'cluster' };

/** CRC-16/XMODEM (polynomial 0x1021, initial value 0), the checksum NATS nkeys append. */
export function crc16Xmodem(bytes: Uint8Array): number {
  let crc = 0;
  for (const b of bytes) {
    crc ^= b << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

function base32Decode(text: string): Uint8Array | undefined {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text) {
    const v = BASE32.indexOf(ch);
    if (v < 0) return undefined;
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/**
 * A NATS nkey seed (`SU…`, `SA…`, `SO…`): base32 of two prefix bytes, a 32-byte Ed25519
 * seed and a little-endian CRC-16 of the rest.
 */
export function nkeySeed(value: string): Validation {
  const raw = base32Decode(value);
  if (!raw || raw.length !== 36) return { valid: false, note: 'not a 36-byte base32 nkey' };
  const b1 = raw[0]!;
  const b2 = raw[1]!;
  if ((b1 & 0xf8) !== PREFIX_BYTE_SEED) return { valid: false, note: 'not an nkey seed prefix' };
  const type = SEED_TYPES[((b1 & 7) << 5) | ((b2 & 0xf8) >> 3)];
  if (!type) return { valid: false, note: 'unknown nkey seed type' };
  const crc = raw[34]! | (raw[35]! << 8);
  return crc === crc16Xmodem(raw.subarray(0, 34))
    ? { valid: true, note: `nkey CRC-16 matches (${type} seed)` }
    : { valid: false, note: 'nkey CRC-16 does not match' };
}

/** Encodes a seed of the given type letter (`U`, `A`, `O`…) around 32 seed bytes (for synthetic examples). */
export function makeNkeySeed(typeLetter: string, seed: Uint8Array): string {
  const prefix = BASE32.indexOf(typeLetter) << 3;
  const raw = new Uint8Array(36);
  raw[0] = PREFIX_BYTE_SEED | (prefix >> 5);
  raw[1] = (prefix & 31) << 3;
  raw.set(seed.subarray(0, 32), 2);
  const crc = crc16Xmodem(raw.subarray(0, 34));
  raw[34] = crc & 0xff;
  raw[35] = crc >> 8;
  return base32Encode(raw);
}
