import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandExample } from '../../src/engine/index.js';
import { generateKey, sha256Hex, signReport, startWebhook, type RunningWebhook } from '../../src/webhook/index.js';
import { tempDir } from '../helpers/cli.js';
import { FakePartner, keysServer, SQLITE } from '../webhook/helpers.js';

// Catalogue item 3: one malformed entry in a signed partner batch must not keep the valid
// key in it from being revoked, on either store.
const PG_URL = process.env.KEYLINT_TEST_DATABASE_URL;
if (!PG_URL) console.warn('hostile webhook batches on Postgres: skipped: set KEYLINT_TEST_DATABASE_URL to run them');

const REPORT_SECRET = 'hostile-report-secret-0123456789';

const stores: [string, boolean, () => { options: Record<string, unknown>; cleanup: () => Promise<void> }][] = [
  [
    'SQLite',
    SQLITE,
    () => {
      const t = tempDir('keylint-hostile-webhook-');
      return { options: { db: join(t.dir, 'keys.sqlite') }, cleanup: async () => t.cleanup() };
    },
  ],
  [
    'Postgres',
    Boolean(PG_URL),
    () => {
      const schema = `keylint_hostile_${process.pid}_${randomBytes(3).toString('hex')}`;
      return {
        options: { databaseUrl: PG_URL, schema },
        cleanup: async () => {
          const c = new pg.Client({ connectionString: PG_URL! });
          await c.connect();
          await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await c.end();
        },
      };
    },
  ],
];

describe.each(stores)('hostile partner batches on %s', (name, enabled, makeStore) => {
  const partner = new FakePartner();
  let keys: Awaited<ReturnType<typeof keysServer>>;
  let svc: RunningWebhook;
  let cleanup: () => Promise<void>;
  let dbPath: string | undefined;

  beforeAll(async () => {
    if (!enabled) return;
    keys = await keysServer([partner]);
    const store = makeStore();
    cleanup = store.cleanup;
    dbPath = store.options.db as string | undefined;
    svc = await startWebhook({ ...store.options, port: 0, githubKeysUrl: keys.url, minKeyRefetchMs: 0, reportSecret: REPORT_SECRET, rateLimit: 1000 });
  });
  afterAll(async () => {
    await svc?.close();
    await keys?.close();
    await cleanup?.();
  });

  const post = (body: string) => fetch(`${svc.url}/github/secret-scanning`, { method: 'POST', body, headers: partner.headers(body) });

  it.skipIf(!enabled)('revokes the valid key when another entry carries a NUL byte, a wrong type or no token', async () => {
    const k = generateKey('acme', `nul-${name}`);
    await svc.store.createKey(k.record);
    const body = JSON.stringify([
      { token: k.token, type: 'acme_api_key', url: 'https://example.test/a', source: 'content' },
      { token: expandExample('{{crc32:ghp_}}', 3), type: 'x', url: 'https://example.test/\u0000evil', source: 'co\u0000mmit' },
      { token: 12345, type: 'x' },
      { type: 'no token at all' },
    ]);
    const res = await post(body);
    expect(res.status).toBe(200);
    const labels = (await res.json()) as { token_hash: string; label: string }[];
    expect(labels.find((l) => l.token_hash === sha256Hex(k.token))?.label).toBe('true_positive');
    expect((await svc.store.getKey(k.record.id))?.revokedAt).toBeTruthy();
  });

  it.skipIf(!enabled)('revokes through /v1/reports when file, tool and commit carry NUL bytes', async () => {
    const k = generateKey('acme', `report-${name}`);
    await svc.store.createKey(k.record);
    const body = JSON.stringify({
      version: 1,
      tool: 'kl\u0000',
      findings: [{ ruleId: 'issued-key-acme', tokenHash: sha256Hex(k.token), file: 'a\u0000b', commit: 'c\u0000' }],
    });
    const res = await fetch(`${svc.url}/v1/reports`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...signReport(REPORT_SECRET, body) },
    });
    expect(res.status).toBe(200);
    const key = await svc.store.getKey(k.record.id);
    expect(key?.revokedAt).toBeTruthy();
    expect(key?.revokedReason).toContain('a\\u0000b');
  });

  it.skipIf(!enabled)('answers 400 to a batch with no valid entry, and to a body that is not a list', async () => {
    expect((await post(JSON.stringify([{ token: 1 }]))).status).toBe(400);
    expect((await post(JSON.stringify({ token: 'x' }))).status).toBe(400);
  });

  it.skipIf(!enabled || name !== 'SQLite')('keeps the SQLite store private to its owner (mode 0600)', () => {
    expect(statSync(dbPath!).mode & 0o777).toBe(0o600);
  });
});

if (!SQLITE) console.warn('hostile webhook tests on SQLite: skipped: node:sqlite needs Node 22.5 or later');

describe.skipIf(!SQLITE)('partner signing keys that cannot be fetched', () => {
  it('answers "public keys unavailable" to every request until a fetch succeeds, not "unknown key identifier"', async () => {
    const partner = new FakePartner();
    const t = tempDir('keylint-hostile-keys-');
    // A port nothing listens on: the keys server is down from the start.
    const down = await keysServer([partner]);
    await down.close();
    const svc = await startWebhook({ db: join(t.dir, 'keys.sqlite'), port: 0, githubKeysUrl: down.url, minKeyRefetchMs: 60_000, rateLimit: 1000 });
    try {
      const body = JSON.stringify([{ token: 'x', type: 't' }]);
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${svc.url}/github/secret-scanning`, { method: 'POST', body, headers: partner.headers(body) });
        expect(await res.text()).toMatch(/public keys unavailable/);
      }
    } finally {
      await svc.close();
      t.cleanup();
    }
  });
});
