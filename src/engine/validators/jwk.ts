import type { Validation } from '../types.js';

// `"kty": "RSA"`, `kty: 'EC'`: members of a JSON object or a JS object literal.
const MEMBER = /["']?([A-Za-z]\w*)["']?\s*:\s*["']([^"'\n]*)["']/g;
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;
// The member that makes a JWK private (RFC 7518 §6.2.2, §6.3.2, RFC 8037) or a symmetric key (§6.4).
const PRIVATE_MEMBER: Readonly<Record<string, { member: string; min: number }>> = {
  RSA: { member: 'd', min: 86 },
  EC: { member: 'd', min: 32 },
  OKP: { member: 'd', min: 32 },
  oct: { member: 'k', min: 16 },
};

/**
 * A JSON Web Key is a secret only when it carries private material: `d` for RSA, EC and
 * OKP keys, `k` for symmetric (`oct`) keys, in base64url and long enough for the smallest
 * real curve. Public JWKs (`n`/`e`, `x`/`y` only) are published by design (JWKS endpoints).
 */
export function jwk(object: string): Validation {
  const members = new Map<string, string>();
  for (const m of object.matchAll(MEMBER)) if (!members.has(m[1]!)) members.set(m[1]!, m[2]!);
  const kty = members.get('kty');
  const want = kty === undefined ? undefined : PRIVATE_MEMBER[kty];
  if (!want) return { valid: false, note: `not a JWK key type (kty ${kty ?? 'missing'})` };
  const value = members.get(want.member);
  if (value === undefined) return { valid: false, note: `a public ${kty} JWK (no "${want.member}" member): published by design` };
  if (!BASE64URL.test(value) || value.length < want.min) return { valid: false, note: `the "${want.member}" member is not ${want.min}+ base64url characters` };
  return { valid: true, note: `a private ${kty} JWK (it holds "${want.member}")`, claims: { kty } };
}
