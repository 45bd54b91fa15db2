import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebhookServer, generateKey, PublicKeySource, sha256Hex, startWebhook } from '../../src/webhook/index.js';
import { SqliteStore } from '../../src/webhook/store/sqlite.js';
import type { KeyStore } from '../../src/webhook/store/types.js';
import { tempDir } from '../helpers/cli.js';
import { FakePartner, keysServer, noticeSink, SQLITE, waitFor } from './helpers.js';

describe.skipIf(!SQLITE)('webhook hardening', () => {
  const partner = new FakePartner();
  let keys: Awaited<ReturnType<typeof keysServer>>;
  let tmp: ReturnType<typeof tempDir>;
  let n = 0;
  const dbPath = () => join(tmp.dir, `k${n++}.sqlite`);

  beforeAll(async () => {
    keys = await keysServer([partner]);
    tmp = tempDir('keylint-webhook-hard-');
  });
  afterAll(async () => {
    await keys.close();
    tmp.cleanup();
  });

  const batch = (tokens: string[]) => JSON.stringify(tokens.map((token) => ({ token, type: 't', url: '', source: 'content' })));
  const post = (url: string, body: string) =>
    fetch(`${url}/github/secret-scanning`, { method: 'POST', body, headers: partner.headers(body), signal: AbortSignal.timeout(10_000) });

  it('answers 429 with Retry-After past the per-source rate limit, before checking signatures', async () => {
    const svc = await startWebhook({ db: dbPath(), port: 0, githubKeysUrl: keys.url, rateLimit: 3 });
    try {
      const body = batch(['x']);
      for (let i = 0; i < 3; i++) expect((await post(svc.url, body)).status).toBe(200);
      const limited = await post(svc.url, body);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      const forged = await fetch(`${svc.url}/github/secret-scanning`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      expect(forged.status).toBe(429);
      expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
    } finally {
      await svc.close();
    }
  });

  it('behind --trust-proxy, limits by the address the proxy saw, not one the client wrote into X-Forwarded-For', async () => {
    const svc = await startWebhook({ db: dbPath(), port: 0, githubKeysUrl: keys.url, rateLimit: 2, trustProxy: true });
    try {
      const body = batch(['x']);
      // The proxy appends the address it saw; everything to its left is whatever the client sent.
      const via = (claimed: string, seen: string) =>
        fetch(`${svc.url}/github/secret-scanning`, { method: 'POST', body, headers: { ...partner.headers(body), 'x-forwarded-for': `${claimed}, ${seen}` } });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await via(`10.0.0.${i}`, '203.0.113.7')).status);
      expect(statuses).toEqual([200, 200, 429, 429]);
      expect((await via('10.0.0.0', '203.0.113.8')).status).toBe(200);
    } finally {
      await svc.close();
    }
  });

  it('finishes an in-flight batch on graceful shutdown before closing', async () => {
    const store = new SqliteStore(dbPath());
    await store.migrate();
    const k = generateKey('acme', 'ops');
    await store.createKey(k.record);
    let entered!: () => void;
    const inRevoke = new Promise<void>((r) => (entered = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // The store pauses inside revoke so the shutdown provably overlaps a batch.
    const slow: KeyStore = Object.assign(Object.create(store) as KeyStore, {
      revoke: async (...args: Parameters<KeyStore['revoke']>) => {
        entered();
        await gate;
        return store.revoke(...args);
      },
    });
    const server = buildWebhookServer({ store: slow, partners: [{ name: 'github', headerPrefix: 'Github', keys: new PublicKeySource({ url: keys.url }) }] });
    const url = await server.app.listen({ host: '127.0.0.1', port: 0 });
    const body = batch([k.token]);
    const pending = post(url, body);
    await inRevoke;
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(closed).toBe(false);
    release();
    const res = await pending;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { label: string }[])[0]?.label).toBe('true_positive');
    await closing;
    expect((await store.getKey(k.record.id))?.revokedAt).not.toBeNull();
    await expect(post(url, body)).rejects.toThrow();
    await store.close();
  });

  it('retries a failed notice with backoff and records every attempt', async () => {
    const sink = await noticeSink(2);
    const svc = await startWebhook({ db: dbPath(), port: 0, githubKeysUrl: keys.url, notifyUrl: sink.url, notifyBaseDelayMs: 20 });
    try {
      const k = generateKey('acme', 'ops');
      await svc.store.createKey(k.record);
      const body = batch([k.token]);
      expect((await post(svc.url, body)).status).toBe(200);
      await waitFor(async () => (await svc.store.listNotifications())[0]?.status === 'delivered');
      const [notice] = await svc.store.listNotifications();
      expect(notice).toMatchObject({ attempts: 3, lastStatus: 200 });
      expect(sink.attempts()).toBe(3);
      expect(sink.received).toEqual([expect.objectContaining({ event: 'key.revoked' })]);
    } finally {
      await svc.close();
      await sink.close();
    }
  });

  it('gives up on a notice after the configured attempts and marks it failed', async () => {
    const sink = await noticeSink(100);
    const svc = await startWebhook({ db: dbPath(), port: 0, githubKeysUrl: keys.url, notifyUrl: sink.url, notifyBaseDelayMs: 10, notifyMaxAttempts: 3 });
    try {
      const k = generateKey('acme', 'ops');
      await svc.store.createKey(k.record);
      const body = batch([k.token]);
      await post(svc.url, body);
      await waitFor(async () => (await svc.store.listNotifications())[0]?.status === 'failed');
      expect((await svc.store.listNotifications())[0]).toMatchObject({ attempts: 3, lastStatus: 503, lastError: 'HTTP 503' });
    } finally {
      await svc.close();
      await sink.close();
    }
  });

  it('logs no token, token hash or signature', async () => {
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk, _e, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const svc = await startWebhook({ db: dbPath(), port: 0, githubKeysUrl: keys.url, logStream });
    try {
      const k = generateKey('acme', 'ops');
      await svc.store.createKey(k.record);
      const body = batch([k.token]);
      const headers = partner.headers(body);
      await post(svc.url, body);
      await fetch(`${svc.url}/github/secret-scanning`, {
        method: 'POST',
        body,
        headers: { ...headers, 'Github-Public-Key-Signature': new FakePartner().sign(body) },
      });
      await fetch(`${svc.url}/github/secret-scanning`, { method: 'POST', body: 'not json', headers: partner.headers('not json') });
      await fetch(`${svc.url}/v1/keys/${sha256Hex(k.token)}`);
      // A caller who sends the raw key (in the path or a query string) must not get it logged.
      await fetch(`${svc.url}/v1/keys/${k.token}`);
      await fetch(`${svc.url}/healthz?token=${k.token}`);
      // A mistyped route must not log the URL raw either.
      const missing = await fetch(`${svc.url}/v1/key/${sha256Hex(k.token)}`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ error: 'not found' });
    } finally {
      await svc.close();
    }
    const log = lines.join('');
    expect(log).toContain('alert batch');
    expect(log).toContain('rejected alert');
    expect(log).toContain('/v1/keys/<sha256>');
    expect(log).not.toMatch(/acme_[A-Za-z0-9]{36}/);
    expect(log).not.toMatch(/[0-9a-f]{64}/);
    expect(log).not.toMatch(/signature":"|MEU|MEQ/);
  });

  it('guards key lookups with the admin token when one is set', async () => {
    const svc = await startWebhook({ db: dbPath(), port: 0, githubKeysUrl: keys.url, adminToken: 'admin-secret-for-tests' });
    try {
      const k = generateKey('acme', 'ops');
      await svc.store.createKey(k.record);
      expect((await fetch(`${svc.url}/v1/keys/${k.record.id}`)).status).toBe(401);
      expect((await fetch(`${svc.url}/v1/keys/${k.record.id}`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      const ok = await fetch(`${svc.url}/v1/keys/${sha256Hex(k.token)}`, { headers: { authorization: 'Bearer admin-secret-for-tests' } });
      expect(ok.status).toBe(200);
    } finally {
      await svc.close();
    }
  });
});

describe.skipIf(!SQLITE)('partner keys', () => {
  it('lets concurrent first requests share one keys fetch and all verify', async () => {
    const partner = new FakePartner();
    const keys = await keysServer([partner]);
    const tmp = tempDir('keylint-webhook-keys-');
    const svc = await startWebhook({ db: join(tmp.dir, 'k.sqlite'), port: 0, githubKeysUrl: keys.url });
    try {
      const body = JSON.stringify([{ token: 'x', type: 't', url: '', source: 'content' }]);
      const statuses = await Promise.all(
        Array.from({ length: 8 }, () =>
          fetch(`${svc.url}/github/secret-scanning`, { method: 'POST', body, headers: partner.headers(body) }).then((r) => r.status),
        ),
      );
      expect(statuses).toEqual(Array(8).fill(200));
      expect(keys.fetches()).toBe(1);
    } finally {
      await svc.close();
      await keys.close();
      tmp.cleanup();
    }
  });
});
