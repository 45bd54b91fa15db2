import type { Validation } from '../types.js';
import { base62Crc32 } from './base62-crc32.js';
import { bech32 } from './bech32.js';
import { jwt } from './jwt.js';
import { privateKey } from './private-key.js';
import { jwk } from './jwk.js';
import { nkeySeed } from './nkey.js';

export type Validator = (secret: string) => Validation;

/** Named validators a rule can reference with `validate = "<name>"`. */
export const VALIDATORS: Readonly<Record<string, Validator>> = {
  'github-crc32': base62Crc32,
  'npm-crc32': base62Crc32,
  'base62-crc32': base62Crc32,
  jwt,
  bech32,
  'private-key': privateKey,
  jwk,
  'nkey-seed': nkeySeed,
};

export function isKnownValidator(name: string): boolean {
  return Object.hasOwn(VALIDATORS, name);
}
