/** SQL dialects the store speaks; the schema is the same, only auto-increment keys are spelled differently. */
export type Dialect = 'sqlite' | 'postgres';

interface Migration {
  version: number;
  statements: (d: Dialect) => string[];
}

const serial = (d: Dialect) => (d === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY');

/**
 * Ordered, append-only: a released migration is never edited, a change is a new version.
 * Times shown to people are ISO text; times the service schedules by are epoch ms integers.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    statements: (d) => [
      `CREATE TABLE issued_keys (
        id TEXT PRIMARY KEY,
        prefix TEXT NOT NULL,
        owner TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT,
        revoked_source TEXT,
        revoked_reason TEXT
      )`,
      `CREATE TABLE audit_log (
        id ${serial(d)},
        key_id TEXT NOT NULL REFERENCES issued_keys(id),
        action TEXT NOT NULL,
        source TEXT NOT NULL,
        reason TEXT NOT NULL,
        at TEXT NOT NULL
      )`,
      `CREATE INDEX audit_log_key ON audit_log(key_id)`,
      `CREATE TABLE notifications (
        id ${serial(d)},
        key_id TEXT NOT NULL REFERENCES issued_keys(id),
        payload TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at BIGINT NOT NULL,
        last_status INTEGER,
        last_error TEXT,
        delivered_at TEXT,
        created_at TEXT NOT NULL
      )`,
      `CREATE INDEX notifications_due ON notifications(status, next_attempt_at)`,
      `CREATE TABLE report_nonces (
        nonce TEXT PRIMARY KEY,
        expires_at BIGINT NOT NULL
      )`,
    ],
  },
];

export const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`;
