import { closeSync, constants, openSync } from 'node:fs';
import { PostgresStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';
import type { KeyStore } from './types.js';

export interface StoreOptions {
  /** SQLite file (the default store). */
  db?: string;
  /** `postgres://…`: use Postgres instead of SQLite. */
  databaseUrl?: string;
  /** Postgres schema to use instead of `public`. */
  schema?: string;
}

export const DEFAULT_DB = './keylint.sqlite';

/** Opens the configured store and brings its schema up to date. */
export async function openStore(options: StoreOptions): Promise<KeyStore> {
  const store: KeyStore = options.databaseUrl
    ? new PostgresStore({ connectionString: options.databaseUrl, ...(options.schema ? { schema: options.schema } : {}) })
    : new SqliteStore(privateFile(options.db ?? DEFAULT_DB));
  try {
    await store.migrate();
  } catch (e) {
    await store.close().catch(() => {});
    throw e;
  }
  return store;
}

/**
 * Creates a new SQLite file readable by its owner only (it holds key hashes, owners and
 * the audit trail); SQLite gives its -wal and -shm files the same mode. An existing file
 * keeps the mode its operator chose.
 */
function privateFile(path: string): string {
  if (path === ':memory:' || path === '') return path;
  try {
    closeSync(openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return path;
}
