export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Writes a non-negative integer in base62 (0-9A-Za-z), left-padded with `0` to `width`. */
export function toBase62(n: number, width: number): string {
  let s = '';
  let v = Math.floor(n);
  while (v > 0) {
    s = BASE62_ALPHABET[v % 62] + s;
    v = Math.floor(v / 62);
  }
  return s.padStart(width, '0');
}
