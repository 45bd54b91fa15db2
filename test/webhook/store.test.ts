import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateKey, sha256Hex } from '../../src/webhook/index.js';
import { revokeAll } from '../../src/webhook/revoke.js';
import { PostgresStore } from '../../src/webhook/store/postgres.js';
import { SqliteStore } from '../../src/webhook/store/sqlite.js';
import type { KeyStore } from '../../src/webhook/store/types.js';
import { tempDir } from '../helpers/cli.js';
import { SQLITE } from './helpers.js';

const PG_URL = process.env.KEYLINT_TEST_DATABASE_URL;
// Every Postgres run gets its own schema, dropped at the end, so runs never see each other's rows.
const RUN_SCHEMA = `keylint_test_${process.pid}_${randomBytes(3).toString('hex')}`;

if (!PG_URL) {
  console.warn('webhook store: Postgres tests skipped: set KEYLINT_TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run them');
}

interface Backend {
  name: string;
  open: () => Promise<{ store: KeyStore; reopen: () => Promise<KeyStore>; cleanup: () => Promise<void> }>;
}

let schemaCounter = 0;
const backends: Backend[] = [
  {
    name: 'sqlite',
    open: async () => {
      const tmp = tempDir('keylint-store-');
      const file = join(tmp.dir, 'k.sqlite');
      const store = new SqliteStore(file);
      await store.migrate();
      return { store, reopen: async () => new SqliteStore(file), cleanup: async () => tmp.cleanup() };
    },
  },
  {
    name: 'postgres',
    open: async () => {
      const schema = `${RUN_SCHEMA}_${schemaCounter++}`;
      const store = new PostgresStore({ connectionString: PG_URL!, schema, max: 4 });
      await store.migrate();
      return {
        store,
        reopen: async () => new PostgresStore({ connectionString: PG_URL!, schema, max: 4 }),
        cleanup: async () => {
          const c = new pg.Client({ connectionString: PG_URL! });
          await c.connect();
          await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await c.end();
        },
      };
    },
  },
];

describe.each(backends)('key store: $name', ({ name, open }) => {
  const skip = (name === 'postgres' && !PG_URL) || (name === 'sqlite' && !SQLITE);
  let ctx: Awaited<ReturnType<Backend['open']>>;
  let stores: KeyStore[] = [];

  beforeEach(async () => {
    if (skip) return;
    ctx = await open();
    stores = [ctx.store];
  });
  afterEach(async () => {
    if (skip) return;
    for (const s of stores) await s.close();
    await ctx.cleanup();
  });
  afterAll(() => undefined);

  it.skipIf(skip)('stores only the hash of an issued key', async () => {
    const k = generateKey('acme', 'ops');
    await ctx.store.createKey(k.record);
    const [stored] = await ctx.store.listKeys();
    expect(stored).toMatchObject({ id: k.record.id, prefix: 'acme', owner: 'ops', tokenHash: sha256Hex(k.token), revokedAt: null });
    expect(JSON.stringify(stored)).not.toContain(k.token);
    expect(await ctx.store.getKeyByHash(sha256Hex(k.token))).toEqual(stored);
  });

  it.skipIf(skip)('revokes once with an audit entry and a notice, idempotently', async () => {
    const a = generateKey('acme', 'a');
    const b = generateKey('acme', 'b');
    await ctx.store.createKey(a.record);
    await ctx.store.createKey(b.record);
    const first = await revokeAll(ctx.store, [
      { tokenHash: sha256Hex(a.token), source: 'github:content', reason: 'leaked' },
      { tokenHash: sha256Hex('not-issued'), source: 'github:content', reason: 'leaked' },
      { tokenHash: sha256Hex(a.token), source: 'github:commit', reason: 'dup in batch' },
    ]);
    expect(first).toEqual([
      { tokenHash: sha256Hex(a.token), keyId: a.record.id, newlyRevoked: true },
      { tokenHash: sha256Hex('not-issued'), keyId: null, newlyRevoked: false },
    ]);
    const again = await revokeAll(ctx.store, [{ tokenHash: sha256Hex(a.token), source: 'cli', reason: 'again' }]);
    expect(again).toEqual([{ tokenHash: sha256Hex(a.token), keyId: a.record.id, newlyRevoked: false }]);
    const key = await ctx.store.getKey(a.record.id);
    expect(key).toMatchObject({ revokedSource: 'github:content', revokedReason: 'leaked' });
    expect((await ctx.store.auditLog()).map((e) => [e.keyId, e.action, e.source])).toEqual([
      [a.record.id, 'revoked', 'github:content'],
      [a.record.id, 'reported-again', 'cli'],
    ]);
    const notices = await ctx.store.listNotifications();
    expect(notices).toHaveLength(1);
    expect(JSON.parse(notices[0]!.payload)).toMatchObject({ event: 'key.revoked', key: { id: a.record.id, owner: 'a' }, source: 'github:content' });
    expect((await ctx.store.getKey(b.record.id))?.revokedAt).toBeNull();
  });

  it.skipIf(skip)('revokes a key exactly once when two connections race', async () => {
    const a = generateKey('acme', 'a');
    await ctx.store.createKey(a.record);
    const other = await ctx.reopen();
    stores.push(other);
    const results = await Promise.all(
      [ctx.store, other, ctx.store, other].map((s, i) => revokeAll(s, [{ tokenHash: sha256Hex(a.token), source: `racer-${i}`, reason: 'race' }])),
    );
    expect(results.flat().filter((r) => r.newlyRevoked)).toHaveLength(1);
    expect(await ctx.store.listNotifications()).toHaveLength(1);
  });

  it.skipIf(skip)('accepts a report nonce once and forgets it after it expires', async () => {
    const now = 1_700_000_000_000;
    expect(await ctx.store.useNonce('nonce-aaaaaaaaaaaaaaaa', now + 1000, now)).toBe(true);
    expect(await ctx.store.useNonce('nonce-aaaaaaaaaaaaaaaa', now + 1000, now + 10)).toBe(false);
    expect(await ctx.store.useNonce('nonce-aaaaaaaaaaaaaaaa', now + 5000, now + 2000)).toBe(true);
  });

  it.skipIf(skip)('leases due notices to one claimer and records delivery attempts', async () => {
    const a = generateKey('acme', 'a');
    await ctx.store.createKey(a.record);
    await revokeAll(ctx.store, [{ tokenHash: sha256Hex(a.token), source: 'cli', reason: 'x' }]);
    const now = Date.now() + 1000;
    const [n] = await ctx.store.claimNotifications(now, 10, 60_000);
    // The lease end, as stored: both backends return the row as it now is.
    expect(n).toMatchObject({ keyId: a.record.id, status: 'sending', nextAttemptAt: now + 60_000 });
    expect(await ctx.store.claimNotifications(now, 10, 60_000)).toEqual([]);
    await ctx.store.recordDelivery(n!.id, { ok: false, status: 503, error: 'HTTP 503', retryAt: now + 500, at: new Date().toISOString() });
    expect(await ctx.store.claimNotifications(now, 10, 60_000)).toEqual([]);
    const [retry] = await ctx.store.claimNotifications(now + 500, 10, 60_000);
    await ctx.store.recordDelivery(retry!.id, { ok: true, status: 200, at: '2030-01-01T00:00:00.000Z' });
    expect(await ctx.store.listNotifications()).toEqual([
      expect.objectContaining({ status: 'delivered', attempts: 2, lastStatus: 200, deliveredAt: '2030-01-01T00:00:00.000Z' }),
    ]);
  });

  it.skipIf(skip)('migrates an existing database again without change', async () => {
    const a = generateKey('acme', 'a');
    await ctx.store.createKey(a.record);
    const other = await ctx.reopen();
    stores.push(other);
    await Promise.all([other.migrate(), ctx.store.migrate()]);
    expect(await other.listKeys()).toHaveLength(1);
  });
});
