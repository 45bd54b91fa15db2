import type { Validation } from '../types.js';

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GENERATOR[i]!;
  }
  return chk >>> 0;
}

function hrpExpand(hrp: string): number[] {
  const codes = [...hrp].map((c) => c.charCodeAt(0));
  return [...codes.map((c) => c >> 5), 0, ...codes.map((c) => c & 31)];
}

/** BIP-173 Bech32 checksum, as carried by age secret keys (`AGE-SECRET-KEY-1…`). */
export function bech32(value: string): Validation {
  const s = value.toLowerCase();
  const sep = s.lastIndexOf('1');
  if (sep < 1) return { valid: false, note: 'no bech32 separator' };
  const data = [...s.slice(sep + 1)].map((c) => CHARSET.indexOf(c));
  if (data.length < 6 || data.some((d) => d < 0)) return { valid: false, note: 'not bech32 characters' };
  return polymod([...hrpExpand(s.slice(0, sep)), ...data]) === 1
    ? { valid: true, note: 'Bech32 checksum matches' }
    : { valid: false, note: 'Bech32 checksum does not match' };
}

/** Encodes 5-bit groups as bech32 with the given human-readable part (for synthetic examples). */
export function bech32Encode(hrp: string, data: number[]): string {
  const mod = polymod([...hrpExpand(hrp), ...data, 0, 0, 0, 0, 0, 0]) ^ 1;
  const check = [0, 1, 2, 3, 4, 5].map((i) => (mod >>> (5 * (5 - i))) & 31);
  return hrp + '1' + [...data, ...check].map((d) => CHARSET[d]).join('');
}
