import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { KeylintError } from '../../engine/index.js';
import { generateKey } from '../../webhook/keys/issue-key.js';
import { revokeAll } from '../../webhook/revoke.js';
import { DEFAULT_DB, openStore, type StoreOptions } from '../../webhook/store/open.js';
import type { IssuedKey, KeyStore } from '../../webhook/store/types.js';
import type { CommandSpec } from '../command.js';
import { EXIT_CLEAN, type CliIO } from '../io.js';

export interface StoreArgs {
  db?: string;
  databaseUrl?: string;
}

/** `--db` / `--database-url`, shared by `keys` and `webhook serve`. */
export function storeOptions<T>(y: Argv<T>): Argv<T & StoreArgs> {
  return y
    .option('db', { type: 'string', describe: `SQLite file holding issued key hashes and revocations (default ${DEFAULT_DB})` })
    .option('database-url', { type: 'string', describe: 'postgres://… URL: use Postgres instead of SQLite (or set KEYLINT_DATABASE_URL)' })
    .conflicts('db', 'database-url') as unknown as Argv<T & StoreArgs>;
}

export function storeConfig(args: StoreArgs, io: CliIO): StoreOptions {
  const databaseUrl = args.databaseUrl ?? io.env.KEYLINT_DATABASE_URL;
  return databaseUrl ? { databaseUrl } : { db: resolve(io.cwd, args.db ?? DEFAULT_DB) };
}

/** Opens the store, turning connection and file errors into one line naming the setting. */
export async function openStoreFor(args: StoreArgs, io: CliIO): Promise<KeyStore> {
  const config = storeConfig(args, io);
  try {
    return await openStore(config);
  } catch (e) {
    // Our own errors are already one actionable line (Node without SQLite, a missing optional package).
    if (e instanceof KeylintError) throw e;
    // Never echo a database URL: it may carry a password.
    const where = config.databaseUrl ? '--database-url' : `--db ${args.db ?? DEFAULT_DB}`;
    throw new KeylintError(`${where}: cannot open the key store (${(e as Error).message.split('\n')[0]})`);
  }
}

async function withStore<T>(args: StoreArgs, io: CliIO, fn: (s: KeyStore) => Promise<T>): Promise<T> {
  const store = await openStoreFor(args, io);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function status(k: IssuedKey): string {
  return k.revokedAt ? `revoked ${k.revokedAt} (${k.revokedSource})` : 'active';
}

type KeysArgs = StoreArgs & { action: 'create' | 'list' | 'revoke'; id?: string; prefix?: string; owner?: string; reason: string; format: 'text' | 'json' };

export const keysCommand: CommandSpec<KeysArgs> = {
  command: 'keys <action> [id]',
  describe: 'Issue, list and revoke your organization’s own API keys (stored as SHA-256 hashes)',
  builder: (y: Argv) =>
    storeOptions(
      y
        .positional('action', { choices: ['create', 'list', 'revoke'] as const, describe: 'what to do' })
        .positional('id', { type: 'string', describe: 'key id (revoke)' })
        .option('prefix', { type: 'string', describe: 'key prefix for create, e.g. acme → acme_…' })
        .option('owner', { type: 'string', describe: 'who the key is for (create)' })
        .option('reason', { type: 'string', default: 'revoked by an operator', describe: 'why (revoke)' })
        .option('format', { alias: 'f', choices: ['text', 'json'] as const, default: 'text' as const, describe: 'output format (list)' }),
    )
      .example('$0 keys create --prefix acme --owner payments', 'print a new key once and store its hash')
      .example('$0 keys list', 'show issued keys and their revocation status')
      .example('$0 keys revoke key_0123abcd --reason "left the company"', 'revoke a key by id') as unknown as Argv<KeysArgs>,
  handler: async (args, io) => {
    if (args.action === 'create') {
      if (!args.prefix) throw new KeylintError('keys create: --prefix is required');
      if (!args.owner?.trim()) throw new KeylintError('keys create: --owner is required');
      let key;
      try {
        key = generateKey(args.prefix, args.owner.trim());
      } catch (e) {
        throw new KeylintError(`keys create: ${(e as Error).message}`);
      }
      await withStore(args, io, (s) => s.createKey(key.record));
      // The only time the key is ever shown: stdout carries just the key, so it can be piped into a secret manager.
      io.stdout.write(`${key.token}\n`);
      io.stderr.write(`keylint: issued ${key.record.id} for ${key.record.owner}; store it now, it cannot be shown again\n`);
      return EXIT_CLEAN;
    }
    if (args.action === 'list') {
      const keys = await withStore(args, io, (s) => s.listKeys());
      if (args.format === 'json') {
        const list = keys.map((k) => ({
          id: k.id,
          prefix: k.prefix,
          owner: k.owner,
          createdAt: k.createdAt,
          revokedAt: k.revokedAt,
          revokedSource: k.revokedSource,
          revokedReason: k.revokedReason,
        }));
        io.stdout.write(JSON.stringify({ version: 1, keys: list }, null, 2) + '\n');
      } else {
        for (const k of keys) io.stdout.write(`${k.id}  ${(k.prefix + '_').padEnd(10)} ${k.owner.padEnd(16)} ${k.createdAt}  ${status(k)}\n`);
        io.stdout.write(`${keys.length} keys, ${keys.filter((k) => k.revokedAt).length} revoked\n`);
      }
      return EXIT_CLEAN;
    }
    const id = args.id;
    if (!id) throw new KeylintError('keys revoke: name the key id (see keylint keys list)');
    return withStore(args, io, async (s) => {
      const key = await s.getKey(id);
      if (!key) throw new KeylintError(`keys revoke: no key with id ${id}`);
      const [outcome] = await revokeAll(s, [{ tokenHash: key.tokenHash, source: 'cli', reason: args.reason }]);
      const after = await s.getKey(id);
      io.stdout.write(outcome?.newlyRevoked ? `revoked ${id}\n` : `${id} was already ${status(after ?? key)}\n`);
      return EXIT_CLEAN;
    });
  },
};
