import type pg from 'pg';
import { requirePeer } from '../optional-peer.js';
import { MIGRATIONS, MIGRATIONS_TABLE } from './migrations.js';
import { distinct } from './distinct.js';
import { toAudit, toKey, toNotification, type Row } from './rows.js';
import type { AuditEntry, DeliveryResult, IssuedKey, KeyStore, NewKey, Notification, RevocationRequest, RevokeOutcome } from './types.js';

// Any constant: serializes migrations when several instances start at once.
const MIGRATION_LOCK = 0x6b65796c;

export interface PostgresOptions {
  connectionString: string;
  /** A schema to create and use instead of `public` (tests use one per run). */
  schema?: string;
  max?: number;
}

/** Postgres store: the same schema as SQLite, for several instances behind a load balancer. */
export class PostgresStore implements KeyStore {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly schema: string | undefined;

  constructor(options: PostgresOptions) {
    if (options.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) {
      throw new Error(`postgres schema "${options.schema}": lower-case letters, digits and _ only`);
    }
    this.schema = options.schema;
    const { Pool } = requirePeer<typeof pg>('pg', '^8', 'the Postgres store (--database-url)');
    this.pool = new Pool({
      connectionString: options.connectionString,
      max: options.max ?? 10,
      connectionTimeoutMillis: 10_000,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    // An idle client losing its connection must not crash the service; the next query reconnects.
    this.pool.on('error', () => {});
  }

  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }

  async migrate(): Promise<void> {
    await this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      if (this.schema) await c.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await c.query(MIGRATIONS_TABLE);
      const done = new Set((await c.query('SELECT version FROM schema_migrations')).rows.map((r: Row) => Number(r.version)));
      for (const m of MIGRATIONS) {
        if (done.has(m.version)) continue;
        for (const sql of m.statements('postgres')) await c.query(sql);
        await c.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [m.version, new Date().toISOString()]);
      }
    });
  }

  async createKey(k: NewKey): Promise<void> {
    await this.pool.query('INSERT INTO issued_keys (id, prefix, owner, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)', [
      k.id,
      k.prefix,
      k.owner,
      k.tokenHash,
      k.createdAt,
    ]);
  }

  async listKeys(): Promise<IssuedKey[]> {
    return (await this.pool.query('SELECT * FROM issued_keys ORDER BY created_at, id')).rows.map(toKey);
  }

  async getKey(id: string): Promise<IssuedKey | null> {
    const r = (await this.pool.query('SELECT * FROM issued_keys WHERE id = $1', [id])).rows[0] as Row | undefined;
    return r ? toKey(r) : null;
  }

  async getKeyByHash(tokenHash: string): Promise<IssuedKey | null> {
    const r = (await this.pool.query('SELECT * FROM issued_keys WHERE token_hash = $1', [tokenHash])).rows[0] as Row | undefined;
    return r ? toKey(r) : null;
  }

  async revoke(requests: RevocationRequest[], at: string, notification: (key: IssuedKey) => string): Promise<RevokeOutcome[]> {
    const reqs = distinct(requests);
    const hashes = reqs.map((r) => r.tokenHash);
    return this.tx(async (c) => {
      // FOR UPDATE: two instances revoking the same key serialize here, so exactly one sees it unrevoked.
      const found = (await c.query('SELECT * FROM issued_keys WHERE token_hash = ANY($1) ORDER BY id FOR UPDATE', [hashes])).rows.map(toKey);
      const byHash = new Map(found.map((k) => [k.tokenHash, k]));
      const out: RevokeOutcome[] = [];
      for (const meta of reqs) {
        const h = meta.tokenHash;
        const key = byHash.get(h);
        if (!key) {
          out.push({ tokenHash: h, keyId: null, newlyRevoked: false });
          continue;
        }
        const changed = key.revokedAt === null;
        if (changed) {
          await c.query('UPDATE issued_keys SET revoked_at = $1, revoked_source = $2, revoked_reason = $3 WHERE id = $4', [
            at,
            meta.source,
            meta.reason,
            key.id,
          ]);
          const revoked = { ...key, revokedAt: at, revokedSource: meta.source, revokedReason: meta.reason };
          await c.query("INSERT INTO notifications (key_id, payload, status, next_attempt_at, created_at) VALUES ($1, $2, 'pending', $3, $4)", [
            key.id,
            notification(revoked),
            Date.parse(at),
            at,
          ]);
        }
        await c.query('INSERT INTO audit_log (key_id, action, source, reason, at) VALUES ($1, $2, $3, $4, $5)', [
          key.id,
          changed ? 'revoked' : 'reported-again',
          meta.source,
          meta.reason,
          at,
        ]);
        out.push({ tokenHash: h, keyId: key.id, newlyRevoked: changed });
      }
      return out;
    });
  }

  async auditLog(keyId?: string): Promise<AuditEntry[]> {
    const r = keyId
      ? await this.pool.query('SELECT * FROM audit_log WHERE key_id = $1 ORDER BY id', [keyId])
      : await this.pool.query('SELECT * FROM audit_log ORDER BY id');
    return r.rows.map(toAudit);
  }

  async useNonce(nonce: string, expiresAt: number, now: number): Promise<boolean> {
    await this.pool.query('DELETE FROM report_nonces WHERE expires_at < $1', [now]);
    const r = await this.pool.query('INSERT INTO report_nonces (nonce, expires_at) VALUES ($1, $2) ON CONFLICT (nonce) DO NOTHING', [nonce, expiresAt]);
    return r.rowCount === 1;
  }

  async claimNotifications(now: number, limit: number, leaseMs: number): Promise<Notification[]> {
    // SKIP LOCKED: instances share the outbox without delivering the same notice twice at once.
    const r = await this.pool.query(
      `UPDATE notifications SET status = 'sending', next_attempt_at = $2
       WHERE id IN (SELECT id FROM notifications WHERE status IN ('pending', 'sending') AND next_attempt_at <= $1
                    ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [now, now + leaseMs, limit],
    );
    return r.rows.map(toNotification);
  }

  async recordDelivery(id: number, r: DeliveryResult): Promise<void> {
    const status = r.ok ? 'delivered' : r.retryAt === undefined ? 'failed' : 'pending';
    await this.pool.query(
      'UPDATE notifications SET status = $1, attempts = attempts + 1, last_status = $2, last_error = $3, delivered_at = $4, next_attempt_at = $5 WHERE id = $6',
      [status, r.status ?? null, r.error ?? null, r.ok ? r.at : null, r.retryAt ?? 0, id],
    );
  }

  async listNotifications(): Promise<Notification[]> {
    return (await this.pool.query('SELECT * FROM notifications ORDER BY id')).rows.map(toNotification);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
