/** One key issued by `keylint keys create`: the token itself is never stored, only its SHA-256. */
export interface IssuedKey {
  id: string;
  prefix: string;
  owner: string;
  tokenHash: string;
  createdAt: string;
  revokedAt: string | null;
  revokedSource: string | null;
  revokedReason: string | null;
}

export type NewKey = Pick<IssuedKey, 'id' | 'prefix' | 'owner' | 'tokenHash' | 'createdAt'>;

/** One key to revoke, who asked and why: recorded on the key and in the audit log. */
export interface RevocationRequest {
  tokenHash: string;
  /** `github:content`, `gitlab:commit`, `keylint-report`, `cli`, ... */
  source: string;
  reason: string;
}

export interface RevokeOutcome {
  tokenHash: string;
  /** The issued key this hash belongs to, or null when the service never issued it. */
  keyId: string | null;
  /** True when this call revoked the key; false when it was already revoked (or unknown). */
  newlyRevoked: boolean;
}

export interface AuditEntry {
  id: number;
  keyId: string;
  /** `revoked` the first time, `reported-again` for a repeat report of a revoked key. */
  action: string;
  source: string;
  reason: string;
  at: string;
}

export type NotificationStatus = 'pending' | 'sending' | 'delivered' | 'failed';

/** An outgoing revocation notice (outbox row), written in the revocation's own transaction. */
export interface Notification {
  id: number;
  keyId: string;
  payload: string;
  status: NotificationStatus;
  attempts: number;
  /** Epoch ms when the next attempt is due (or the lease of a `sending` row ends). */
  nextAttemptAt: number;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
}

export interface DeliveryResult {
  ok: boolean;
  status?: number;
  error?: string;
  /** Epoch ms of the next attempt; omitted when delivered or given up. */
  retryAt?: number;
  at: string;
}

/** Storage of issued keys, revocations, audit log, report nonces and the notification outbox. */
export interface KeyStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Creates or upgrades the schema; safe to call from several processes at once. */
  migrate(): Promise<void>;
  createKey(key: NewKey): Promise<void>;
  listKeys(): Promise<IssuedKey[]>;
  getKey(id: string): Promise<IssuedKey | null>;
  getKeyByHash(tokenHash: string): Promise<IssuedKey | null>;
  /**
   * Marks every issued key among the requests revoked at `at` (ISO), writes one audit entry
   * per issued key and one outbox notice per newly revoked key, all in one transaction.
   * Idempotent: a key already revoked keeps its first revocation. Returns one outcome per
   * distinct hash (the first request for a hash wins).
   */
  revoke(requests: RevocationRequest[], at: string, notification: (key: IssuedKey) => string): Promise<RevokeOutcome[]>;
  auditLog(keyId?: string): Promise<AuditEntry[]>;
  /** Records a report nonce; false when it was seen before (a replay). Prunes expired nonces. */
  useNonce(nonce: string, expiresAt: number, now: number): Promise<boolean>;
  /** Leases due notifications (pending, or sending with an expired lease) to this process. */
  claimNotifications(now: number, limit: number, leaseMs: number): Promise<Notification[]>;
  recordDelivery(id: number, result: DeliveryResult): Promise<void>;
  listNotifications(): Promise<Notification[]>;
  close(): Promise<void>;
}
