import { MIGRATIONS, MIGRATIONS_TABLE } from './migrations.js';
import { distinct } from './distinct.js';
import { openSqliteDatabase, type SqliteDatabase } from './node-sqlite.js';
import { toAudit, toKey, toNotification, type Row } from './rows.js';
import type { DeliveryResult, IssuedKey, KeyStore, NewKey, Notification, RevocationRequest, RevokeOutcome } from './types.js';

/**
 * SQLite store (the default): one file, WAL so readers never block the writer, and
 * synchronous=FULL so a revocation acknowledged over HTTP survives a crash or power loss.
 * node:sqlite is synchronous; the async interface lets Postgres share it.
 */
export class SqliteStore implements KeyStore {
  readonly kind = 'sqlite' as const;
  private readonly db: SqliteDatabase;
  private open = true;

  constructor(file: string) {
    this.db = openSqliteDatabase(file);
    // Several processes (the server and `keylint keys create`) may share the file: wait for their locks.
    this.db.exec('PRAGMA busy_timeout = 5000');
    this.db.exec('PRAGMA journal_mode = WAL');
    this.db.exec('PRAGMA synchronous = FULL');
    this.db.exec('PRAGMA foreign_keys = ON');
  }

  /**
   * Runs `fn` in a BEGIN IMMEDIATE transaction: the write lock is taken up front, so two
   * processes never both read "not revoked". The calls inside are synchronous, so no other
   * call on this connection can interleave with them.
   */
  private immediate<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const out = fn();
      this.db.exec('COMMIT');
      return out;
    } catch (e) {
      this.db.exec('ROLLBACK');
      throw e;
    }
  }

  async migrate(): Promise<void> {
    this.db.exec(MIGRATIONS_TABLE);
    this.immediate(() => {
      const done = new Set((this.db.prepare('SELECT version FROM schema_migrations').all() as Row[]).map((r) => Number(r.version)));
      for (const m of MIGRATIONS) {
        if (done.has(m.version)) continue;
        for (const sql of m.statements('sqlite')) this.db.exec(sql);
        this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(m.version, new Date().toISOString());
      }
    });
  }

  async createKey(k: NewKey): Promise<void> {
    this.db
      .prepare('INSERT INTO issued_keys (id, prefix, owner, token_hash, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(k.id, k.prefix, k.owner, k.tokenHash, k.createdAt);
  }

  async listKeys(): Promise<IssuedKey[]> {
    return (this.db.prepare('SELECT * FROM issued_keys ORDER BY created_at, id').all() as Row[]).map(toKey);
  }

  async getKey(id: string): Promise<IssuedKey | null> {
    const r = this.db.prepare('SELECT * FROM issued_keys WHERE id = ?').get(id) as Row | undefined;
    return r ? toKey(r) : null;
  }

  async getKeyByHash(tokenHash: string): Promise<IssuedKey | null> {
    const r = this.db.prepare('SELECT * FROM issued_keys WHERE token_hash = ?').get(tokenHash) as Row | undefined;
    return r ? toKey(r) : null;
  }

  async revoke(requests: RevocationRequest[], at: string, notification: (key: IssuedKey) => string): Promise<RevokeOutcome[]> {
    const find = this.db.prepare('SELECT * FROM issued_keys WHERE token_hash = ?');
    const mark = this.db.prepare('UPDATE issued_keys SET revoked_at = ?, revoked_source = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL');
    const audit = this.db.prepare('INSERT INTO audit_log (key_id, action, source, reason, at) VALUES (?, ?, ?, ?, ?)');
    const notify = this.db.prepare("INSERT INTO notifications (key_id, payload, status, next_attempt_at, created_at) VALUES (?, ?, 'pending', ?, ?)");
    const reqs = distinct(requests);
    return this.immediate(() => {
      const out: RevokeOutcome[] = [];
      for (const meta of reqs) {
        const h = meta.tokenHash;
        const row = find.get(h) as Row | undefined;
        if (!row) {
          out.push({ tokenHash: h, keyId: null, newlyRevoked: false });
          continue;
        }
        const key = toKey(row);
        const changed = Number(mark.run(at, meta.source, meta.reason, key.id).changes) === 1;
        audit.run(key.id, changed ? 'revoked' : 'reported-again', meta.source, meta.reason, at);
        if (changed) {
          const revoked = { ...key, revokedAt: at, revokedSource: meta.source, revokedReason: meta.reason };
          notify.run(key.id, notification(revoked), Date.parse(at), at);
        }
        out.push({ tokenHash: h, keyId: key.id, newlyRevoked: changed });
      }
      return out;
    });
  }

  async auditLog(keyId?: string): Promise<ReturnType<typeof toAudit>[]> {
    const rows = keyId
      ? (this.db.prepare('SELECT * FROM audit_log WHERE key_id = ? ORDER BY id').all(keyId) as Row[])
      : (this.db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Row[]);
    return rows.map(toAudit);
  }

  async useNonce(nonce: string, expiresAt: number, now: number): Promise<boolean> {
    return this.immediate(() => {
      this.db.prepare('DELETE FROM report_nonces WHERE expires_at < ?').run(now);
      const inserted = this.db.prepare('INSERT INTO report_nonces (nonce, expires_at) VALUES (?, ?) ON CONFLICT (nonce) DO NOTHING').run(nonce, expiresAt);
      return Number(inserted.changes) === 1;
    });
  }

  async claimNotifications(now: number, limit: number, leaseMs: number): Promise<Notification[]> {
    return this.immediate(() => {
      const rows = this.db
        .prepare("SELECT * FROM notifications WHERE status IN ('pending', 'sending') AND next_attempt_at <= ? ORDER BY id LIMIT ?")
        .all(now, limit) as Row[];
      const lease = this.db.prepare("UPDATE notifications SET status = 'sending', next_attempt_at = ? WHERE id = ?");
      for (const r of rows) lease.run(now + leaseMs, r.id);
      // The rows as they now stand, as Postgres' RETURNING gives them.
      return rows.map((r) => ({ ...toNotification(r), status: 'sending' as const, nextAttemptAt: now + leaseMs }));
    });
  }

  async recordDelivery(id: number, r: DeliveryResult): Promise<void> {
    const status = r.ok ? 'delivered' : r.retryAt === undefined ? 'failed' : 'pending';
    this.db
      .prepare(
        'UPDATE notifications SET status = ?, attempts = attempts + 1, last_status = ?, last_error = ?, delivered_at = ?, next_attempt_at = ? WHERE id = ?',
      )
      .run(status, r.status ?? null, r.error ?? null, r.ok ? r.at : null, r.retryAt ?? 0, id);
  }

  async listNotifications(): Promise<Notification[]> {
    return (this.db.prepare('SELECT * FROM notifications ORDER BY id').all() as Row[]).map(toNotification);
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    this.db.close();
  }
}
