import { isAscii } from 'node:buffer';

export const BINARY_SNIFF_BYTES = 8192;

/** Git's heuristic: a NUL byte in the first 8 KB marks a file as binary. */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, BINARY_SNIFF_BYTES).indexOf(0) !== -1; // a native search, many times a JS loop's speed
}

/**
 * Decodes bytes as UTF-8; invalid sequences become U+FFFD instead of failing. Pure ASCII
 * (most source code) decodes the same as latin1, which is a plain copy and several times
 * cheaper than the UTF-8 decoder. `ascii`: whether the bytes are ASCII, when the caller knows.
 */
export function decodeText(bytes: Uint8Array, ascii = isAscii(bytes)): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.toString(ascii ? 'latin1' : 'utf8');
}

/** Parses sizes such as `10MB`, `512k` or `1048576` into bytes. */
export function parseSize(value: string | number): number {
  if (typeof value === 'number') return value;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$/i.exec(value);
  if (!m) throw new Error(`not a size: "${value}" (use bytes or a suffix such as 512KB, 10MB)`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.floor(Number(m[1]) * unit);
}
