import { createHash, timingSafeEqual } from 'node:crypto';

/** SHA-256 of a token as lowercase hex: the only form in which the service stores or compares keys. */
export function sha256Hex(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time string comparison; unequal lengths compare false without leaking where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  if (x.length !== y.length) {
    // Still spend the comparison so length is the only thing timing can tell.
    timingSafeEqual(x, x);
    return false;
  }
  return timingSafeEqual(x, y);
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;
