import { verify } from 'node:crypto';
import type { PublicKeySource } from './partner-keys.js';

/** A partner that signs its secret-scanning alerts the GitHub way. */
export interface PartnerConfig {
  /** `github`, `gitlab`: used in routes and as the revocation source. */
  name: string;
  /** `Github` → `Github-Public-Key-Identifier` / `Github-Public-Key-Signature`. */
  headerPrefix: string;
  keys: PublicKeySource;
}

export type VerifyResult = { ok: true; keyId: string } | { ok: false; reason: string };

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  // Node lower-cases incoming header names; a repeated header is ambiguous, so refuse it.
  const v = headers[name.toLowerCase()];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/**
 * Checks the partner's ECDSA P-256 / SHA-256 signature over the raw body bytes, exactly as
 * received: the body is never parsed and re-serialized first. The signature is base64 DER,
 * which node:crypto verifies as-is.
 */
export async function verifyPartnerSignature(partner: PartnerConfig, headers: Headers, body: Buffer): Promise<VerifyResult> {
  const keyId = header(headers, `${partner.headerPrefix}-Public-Key-Identifier`);
  const signature = header(headers, `${partner.headerPrefix}-Public-Key-Signature`);
  if (!keyId || !signature) return { ok: false, reason: 'missing signature headers' };
  if (keyId.length > 256 || signature.length > 512) return { ok: false, reason: 'malformed signature headers' };
  let key;
  try {
    key = await partner.keys.get(keyId);
  } catch {
    return { ok: false, reason: 'public keys unavailable' };
  }
  if (!key) return { ok: false, reason: 'unknown key identifier' };
  let good = false;
  try {
    good = verify('sha256', body, key, Buffer.from(signature, 'base64'));
  } catch {
    good = false;
  }
  return good ? { ok: true, keyId } : { ok: false, reason: 'bad signature' };
}
