import { randomBytes, randomInt } from 'node:crypto';
import { BASE62_ALPHABET } from '../../engine/base62.js';
import { builtinRuleClaimingPrefix } from '../../rules/issued-prefix-clash.js';
import { isValidIssuedKeyPrefix } from '../../rules/issued-key-rule.js';
import { makeBase62Crc32Token } from '../../engine/index.js';
import { sha256Hex } from '../hash.js';
import type { NewKey } from '../store/types.js';

/** A freshly generated key: `token` is shown once and never stored. */
export interface GeneratedKey {
  token: string;
  record: NewKey;
}

/** `<prefix>_` + 30 characters from the CSPRNG (≈178 bits) + base62 CRC-32, and the record to store. */
export function generateKey(prefix: string, owner: string, now = new Date()): GeneratedKey {
  if (!isValidIssuedKeyPrefix(prefix)) throw new Error(`--prefix "${prefix}": must be 2-16 lower-case letters or digits, starting with a letter`);
  const claimedBy = builtinRuleClaimingPrefix(prefix);
  if (claimedBy) throw new Error(`--prefix "${prefix}": its keys would be reported as the built-in rule ${claimedBy}; choose another prefix`);
  let body = '';
  // randomInt is unbiased for any range, unlike a byte modulo 62.
  for (let i = 0; i < 30; i++) body += BASE62_ALPHABET[randomInt(62)];
  const token = makeBase62Crc32Token(`${prefix}_`, body);
  return {
    token,
    record: { id: `key_${randomBytes(8).toString('hex')}`, prefix, owner, tokenHash: sha256Hex(token), createdAt: now.toISOString() },
  };
}
