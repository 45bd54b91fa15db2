import { KeylintError } from '../../engine/errors.js';

// The slice of `node:sqlite` the store uses; @types/node 20 does not describe the module.
export interface SqliteStatement {
  run(...params: unknown[]): { changes: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

export interface SqliteDatabase {
  readonly isOpen?: boolean;
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement;
  close(): void;
}

type DatabaseSyncConstructor = new (file: string) => SqliteDatabase;

/** Thrown where the running Node has no built-in SQLite; the message is the whole hint. */
export class SqliteUnavailableError extends KeylintError {
  override name = 'SqliteUnavailableError';
}

export const SQLITE_HINT =
  'the SQLite store needs Node 22.13+ (built-in node:sqlite); this is Node ' +
  process.versions.node +
  ': run on Node 22 or 24, or use Postgres with --database-url postgres://…';

/**
 * Node's built-in SQLite (22.13+ and 23.4+ without a flag): no native addon to compile.
 * Node 20 has none, so the store answers with a hint instead of failing at import.
 */
export function openSqliteDatabase(file: string): SqliteDatabase {
  const sqlite = process.getBuiltinModule?.('node:sqlite') as { DatabaseSync?: DatabaseSyncConstructor } | undefined;
  if (!sqlite?.DatabaseSync) throw new SqliteUnavailableError(SQLITE_HINT);
  return new sqlite.DatabaseSync(file);
}

/** True where `openSqliteDatabase` works: tests of the SQLite store skip (visibly) elsewhere. */
export function sqliteAvailable(): boolean {
  return Boolean((process.getBuiltinModule?.('node:sqlite') as { DatabaseSync?: unknown } | undefined)?.DatabaseSync);
}
