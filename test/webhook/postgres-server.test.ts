import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandExample } from '../../src/engine/index.js';
import { generateKey, signReport, startWebhook, sha256Hex, type RunningWebhook } from '../../src/webhook/index.js';
import { FakePartner, keysServer } from './helpers.js';

const PG_URL = process.env.KEYLINT_TEST_DATABASE_URL;
if (!PG_URL) console.warn('webhook on Postgres: skipped: set KEYLINT_TEST_DATABASE_URL to run it');

describe.skipIf(!PG_URL)('webhook service on Postgres (two instances, one database)', () => {
  const schema = `keylint_srv_${process.pid}_${randomBytes(3).toString('hex')}`;
  const partner = new FakePartner();
  let keys: Awaited<ReturnType<typeof keysServer>>;
  let a: RunningWebhook;
  let b: RunningWebhook;

  beforeAll(async () => {
    keys = await keysServer([partner]);
    const common = { databaseUrl: PG_URL!, schema, port: 0, githubKeysUrl: keys.url, reportSecret: 'pg-secret-for-tests' };
    [a, b] = await Promise.all([startWebhook(common), startWebhook(common)]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await keys?.close();
    const c = new pg.Client({ connectionString: PG_URL! });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  });

  it('revokes each issued key once when the same batch hits both instances', async () => {
    const issued = [generateKey('acme', 'x'), generateKey('acme', 'y')];
    for (const k of issued) await a.store.createKey(k.record);
    const tokens = [issued[0]!.token, expandExample('{{crc32:ghp_}}', 9), issued[1]!.token];
    const body = JSON.stringify(tokens.map((token) => ({ token, type: 'acme_api_key', url: '', source: 'npm' })));
    const [ra, rb] = await Promise.all(
      [a, b].map((s) => fetch(`${s.url}/github/secret-scanning`, { method: 'POST', body, headers: partner.headers(body) }).then((r) => r.json())),
    );
    for (const r of [ra, rb]) expect((r as { label: string }[]).map((x) => x.label)).toEqual(['true_positive', 'false_positive', 'true_positive']);
    const audit = await b.store.auditLog();
    expect(
      audit
        .filter((e) => e.action === 'revoked')
        .map((e) => e.keyId)
        .sort(),
    ).toEqual(issued.map((k) => k.record.id).sort());
    expect(await a.store.listNotifications()).toHaveLength(2);
    expect((await b.store.getKey(issued[0]!.record.id))?.revokedSource).toBe('github:npm');
  });

  it('shares report nonces across instances, so a replay to the other one fails', async () => {
    const body = JSON.stringify({ version: 1, findings: [{ ruleId: 'issued-key-acme', tokenHash: sha256Hex('unknown') }] });
    const headers = { 'content-type': 'application/json', ...signReport('pg-secret-for-tests', body) };
    expect((await fetch(`${a.url}/v1/reports`, { method: 'POST', body, headers })).status).toBe(200);
    expect((await fetch(`${b.url}/v1/reports`, { method: 'POST', body, headers })).status).toBe(401);
  });
});
