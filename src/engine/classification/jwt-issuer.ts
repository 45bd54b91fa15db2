import type { Kind, Severity } from '../types.js';

/** A decision read from a JWT's own claims, overriding the rule's default. */
export interface ClaimsDecision {
  kind: Kind;
  severity: Severity;
  reason: string;
}

const SUPABASE_ISSUER = /^supabase/;

/**
 * Supabase legacy API keys are JWTs whose `iss` starts with `supabase` (hosted projects
 * use `supabase`; self-hosted and CLI setups vary the suffix); the `role` claim, not
 * the claim order the rule's regex keys on, decides what the key can do.
 */
export function supabaseByRole(claims: Record<string, unknown> | undefined): ClaimsDecision | undefined {
  if (!claims || typeof claims.iss !== 'string' || !SUPABASE_ISSUER.test(claims.iss)) return undefined;
  if (claims.role === 'anon') {
    return {
      kind: 'publishable',
      severity: 'info',
      reason: 'a Supabase anon key is meant for browsers; it is safe only while row-level security is enabled on every exposed table',
    };
  }
  if (claims.role === 'service_role' || claims.role === 'supabase_admin') {
    return {
      kind: 'secret',
      severity: 'critical',
      reason: "a Supabase service_role key bypasses row-level security and reads or writes every table: rotate the project's JWT secret / API keys",
    };
  }
  return undefined;
}

/**
 * Why a JWT is a published documentation token rather than a leak. Supabase's local
 * development stack (`supabase start`, the self-hosting docs) signs its anon and
 * service_role keys with a well-known secret under `iss: "supabase-demo"`: anyone
 * can mint them, so they protect nothing outside a developer's machine.
 */
export function documentationJwtReason(claims: Record<string, unknown> | undefined): string | undefined {
  if (claims?.iss === 'supabase-demo') return 'a Supabase local-development key (iss "supabase-demo"), published in Supabase\'s docs and CLI output';
  return undefined;
}
