import type { IssuedKey, KeyStore, RevocationRequest, RevokeOutcome } from './store/types.js';

/** The payload of the outgoing notice for one revoked key: never the token, not even its hash. */
export function revocationNotice(key: IssuedKey): string {
  return JSON.stringify({
    event: 'key.revoked',
    key: { id: key.id, prefix: key.prefix, owner: key.owner },
    source: key.revokedSource,
    reason: key.revokedReason,
    revokedAt: key.revokedAt,
  });
}

/**
 * Text a partner or reporter controls, made safe for every store: control characters
 * (a NUL makes Postgres reject the whole transaction) are written as `\uXXXX`, and the
 * length is capped without splitting a surrogate pair.
 */
export function storableText(text: string, max: number): string {
  const escaped = text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const clipped = escaped.slice(0, max);
  return /[\ud800-\udbff]$/.test(clipped) ? clipped.slice(0, -1) : clipped;
}

/**
 * Revokes the issued keys among the requests (with audit entries and outbox notices,
 * atomically). Should the batch fail as a whole, each request is tried on its own, so
 * one bad entry cannot keep the others from being revoked; the first failure is then
 * rethrown (the caller answers with an error and the partner retries; revoking is
 * idempotent).
 */
export async function revokeAll(store: KeyStore, requests: RevocationRequest[], now = new Date()): Promise<RevokeOutcome[]> {
  const clipped = requests.map((r) => ({ tokenHash: r.tokenHash, source: storableText(r.source, 100), reason: storableText(r.reason, 1000) }));
  const at = now.toISOString();
  try {
    return await store.revoke(clipped, at, revocationNotice);
  } catch (batchError) {
    if (clipped.length <= 1) throw batchError;
    const outcomes: RevokeOutcome[] = [];
    let failure: unknown;
    for (const request of clipped) {
      try {
        outcomes.push(...(await store.revoke([request], at, revocationNotice)));
      } catch (e) {
        failure ??= e;
      }
    }
    if (failure) throw failure;
    return outcomes;
  }
}
