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

/** Revokes the issued keys among the requests (with audit entries and outbox notices, atomically). */
export function revokeAll(store: KeyStore, requests: RevocationRequest[], now = new Date()): Promise<RevokeOutcome[]> {
  const clipped = requests.map((r) => ({ tokenHash: r.tokenHash, source: r.source.slice(0, 100), reason: r.reason.slice(0, 1000) }));
  return store.revoke(clipped, now.toISOString(), revocationNotice);
}
