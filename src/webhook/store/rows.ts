import type { AuditEntry, IssuedKey, Notification, NotificationStatus } from './types.js';

// Column names are snake_case in both databases; these map a row to the camelCase records.

export type Row = Record<string, unknown>;

const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
// pg returns BIGINT as a string; SQLite as a number.
const num = (v: unknown): number => Number(v);

export function toKey(r: Row): IssuedKey {
  return {
    id: str(r.id),
    prefix: str(r.prefix),
    owner: str(r.owner),
    tokenHash: str(r.token_hash),
    createdAt: str(r.created_at),
    revokedAt: strOrNull(r.revoked_at),
    revokedSource: strOrNull(r.revoked_source),
    revokedReason: strOrNull(r.revoked_reason),
  };
}

export function toAudit(r: Row): AuditEntry {
  return { id: num(r.id), keyId: str(r.key_id), action: str(r.action), source: str(r.source), reason: str(r.reason), at: str(r.at) };
}

export function toNotification(r: Row): Notification {
  return {
    id: num(r.id),
    keyId: str(r.key_id),
    payload: str(r.payload),
    status: str(r.status) as NotificationStatus,
    attempts: num(r.attempts),
    nextAttemptAt: num(r.next_attempt_at),
    lastStatus: r.last_status === null || r.last_status === undefined ? null : num(r.last_status),
    lastError: strOrNull(r.last_error),
    deliveredAt: strOrNull(r.delivered_at),
  };
}
