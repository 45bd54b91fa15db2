import type { Validation } from '../types.js';

function decodeSegment(segment: string): unknown {
  const json = Buffer.from(segment, 'base64url').toString('utf8');
  return JSON.parse(json);
}

/**
 * A JWT is real only if its header and payload decode to JSON objects and the
 * header names an algorithm. The payload's claims feed classification
 * (Supabase `role: anon` is publishable, `service_role` is not).
 */
export function jwt(token: string): Validation {
  const parts = token.split('.');
  if (parts.length !== 3) return { valid: false, note: 'not three dot-separated segments' };
  try {
    const header = decodeSegment(parts[0]!);
    const payload = decodeSegment(parts[1]!);
    if (!isObject(header) || typeof header.alg !== 'string') return { valid: false, note: 'header has no alg' };
    if (!isObject(payload)) return { valid: false, note: 'payload is not a JSON object' };
    if (header.alg.toLowerCase() === 'none') return { valid: false, note: 'unsigned JWT (alg none)' };
    if ((parts[2] ?? '').length < 16) return { valid: false, note: 'signature too short' };
    if (!Object.keys(payload).some((k) => SUBJECT_OR_LIFETIME.test(k)))
      return { valid: false, note: 'no claim naming a subject, issuer, audience, scope or lifetime: a demo token' };
    return { valid: true, note: 'decodes as a signed JWT', claims: payload };
  } catch {
    return { valid: false, note: 'segments are not base64url JSON' };
  }
}

// Claims every real token carries some of: registered ones (RFC 7519), and the names
// providers use for who the token is for and what it may do. `{"some": "payload"}` has none.
const SUBJECT_OR_LIFETIME =
  /^(?:iss|sub|aud|exp|nbf|iat|jti|azp|scp|tid|oid|ref)$|role|scope|user|uid|account|tenant|org|client|email|session|team|project|perm|grant|auth|id$|Id$|_id$/i;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
