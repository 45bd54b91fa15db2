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
    : new SqliteStore(options.db ?? DEFAULT_DB);
  try {
    await store.migrate();
  } catch (e) {
    await store.close().catch(() => {});
    throw e;
  }
  return store;
}
