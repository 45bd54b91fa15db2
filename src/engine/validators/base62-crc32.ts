import { toBase62 } from '../base62.js';
import { crc32 } from '../crc32.js';
import type { Validation } from '../types.js';

const BODY = 30;
const CHECK = 6;

/**
 * GitHub-style checksummed tokens (`ghp_`, `npm_`, and keylint-issued keys):
 * prefix + 30 base62 characters + the base62 CRC-32 of those 30 characters, 6 wide.
 */
export function base62Crc32(token: string): Validation {
  if (token.length < BODY + CHECK) return { valid: false, note: 'too short for a checksummed token' };
  const body = token.slice(-(BODY + CHECK), -CHECK);
  const check = token.slice(-CHECK);
  if (!/^[0-9A-Za-z]+$/.test(body + check)) return { valid: false, note: 'not base62' };
  const expected = toBase62(crc32(body), CHECK);
  return expected === check ? { valid: true, note: 'CRC-32 checksum matches' } : { valid: false, note: 'CRC-32 checksum does not match (not a real token)' };
}

/** Builds a checksummed token from a prefix and a 30-character base62 body. */
export function makeBase62Crc32Token(prefix: string, body: string): string {
  if (body.length !== BODY) throw new Error(`token body must be ${BODY} characters`);
  return prefix + body + toBase62(crc32(body), CHECK);
}
