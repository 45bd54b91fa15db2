import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expandExample } from '../../src/engine/index.js';
import { generateKey, sha256Hex, signReport, startWebhook, type RunningWebhook } from '../../src/webhook/index.js';
import { tempDir } from '../helpers/cli.js';
import { FakePartner, keysServer, noticeSink, SQLITE, waitFor } from './helpers.js';

type Label = { label: string };

const REPORT_SECRET = 'test-report-secret-0123456789';

describe.skipIf(!SQLITE)('webhook service (real server on 127.0.0.1, real SQLite file)', () => {
  const partner = new FakePartner();
  let keys: Awaited<ReturnType<typeof keysServer>>;
  let sink: Awaited<ReturnType<typeof noticeSink>>;
  let tmp: ReturnType<typeof tempDir>;
  let svc: RunningWebhook;
  let issued: { token: string; id: string }[];
  const stranger = expandExample('{{crc32:ghp_}}', 7);

  beforeAll(async () => {
    keys = await keysServer([partner]);
  });
  afterAll(async () => {
    await keys.close();
  });

  beforeEach(async () => {
    tmp = tempDir('keylint-webhook-');
    sink = await noticeSink();
    svc = await startWebhook({
      db: join(tmp.dir, 'keys.sqlite'),
      port: 0,
      githubKeysUrl: `${keys.url}/meta/public_keys/secret_scanning`,
      gitlabKeysUrl: `${keys.url}/gitlab-keys`,
      minKeyRefetchMs: 0,
      reportSecret: REPORT_SECRET,
      notifyUrl: sink.url,
      notifyBaseDelayMs: 20,
      rateLimit: 1000,
    });
    issued = [];
    for (const owner of ['payments', 'search']) {
      const k = generateKey('acme', owner);
      await svc.store.createKey(k.record);
      issued.push({ token: k.token, id: k.record.id });
    }
  });
  afterEach(async () => {
    await svc.close();
    await sink.close();
    tmp.cleanup();
  });

  const post = (path: string, body: string | Buffer, headers: Record<string, string>) =>
    fetch(`${svc.url}${path}`, { method: 'POST', body, headers, signal: AbortSignal.timeout(10_000) });

  const batch = (tokens: string[]) =>
    JSON.stringify(tokens.map((token) => ({ token, type: 'acme_api_key', url: 'https://github.com/o/r/blob/abc/config.js', source: 'Content' })));

  async function nothingChanged() {
    for (const k of await svc.store.listKeys()) expect(k.revokedAt, k.id).toBeNull();
    expect(await svc.store.auditLog()).toEqual([]);
    expect(await svc.store.listNotifications()).toEqual([]);
  }

  it('revokes issued keys in a correctly signed batch and labels the rest false_positive', async () => {
    const body = batch([issued[0]!.token, stranger, issued[1]!.token]);
    const res = await post('/github/secret-scanning', body, partner.headers(body));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      { token_hash: sha256Hex(issued[0]!.token), token_type: 'acme_api_key', label: 'true_positive' },
      { token_hash: sha256Hex(stranger), token_type: 'acme_api_key', label: 'false_positive' },
      { token_hash: sha256Hex(issued[1]!.token), token_type: 'acme_api_key', label: 'true_positive' },
    ]);
    for (const { id } of issued) {
      const key = await svc.store.getKey(id);
      expect(key?.revokedAt).toBeTruthy();
      expect(key?.revokedSource).toBe('github:content');
      expect(key?.revokedReason).toContain('https://github.com/o/r/blob/abc/config.js');
    }
    expect((await svc.store.auditLog()).map((a) => [a.keyId, a.action])).toEqual(issued.map((k) => [k.id, 'revoked']));
    await waitFor(() => sink.received.length === 2);
    expect(sink.received).toContainEqual(
      expect.objectContaining({ event: 'key.revoked', key: expect.objectContaining({ id: issued[0]!.id, owner: 'payments' }) }),
    );
    expect(JSON.stringify(sink.received)).not.toContain(issued[0]!.token);
  });

  it('keeps the first revocation when the same alert is delivered again', async () => {
    const body = batch([issued[0]!.token, issued[0]!.token]);
    await post('/github/secret-scanning', body, partner.headers(body));
    const first = await svc.store.getKey(issued[0]!.id);
    const again = await post('/github/secret-scanning', body, partner.headers(body));
    expect(((await again.json()) as Label[]).map((r) => r.label)).toEqual(['true_positive', 'true_positive']);
    expect(await svc.store.getKey(issued[0]!.id)).toEqual(first);
    expect((await svc.store.auditLog(issued[0]!.id)).map((a) => a.action)).toEqual(['revoked', 'reported-again']);
    expect(await svc.store.listNotifications()).toHaveLength(1);
  });

  it('rejects a forged signature with 401 and changes nothing', async () => {
    const body = batch([issued[0]!.token]);
    const forger = new FakePartner();
    const headers = { ...partner.headers(body), 'Github-Public-Key-Signature': forger.sign(body) };
    const res = await post('/github/secret-scanning', body, headers);
    expect(res.status).toBe(401);
    await nothingChanged();
  });

  it('rejects a body altered after signing (signature covers the raw bytes)', async () => {
    const signedBody = batch([stranger]);
    const sent = batch([issued[0]!.token]);
    expect((await post('/github/secret-scanning', sent, partner.headers(signedBody))).status).toBe(401);
    // Same JSON, different spacing: still not the bytes that were signed.
    const spaced = signedBody.replace(/,/g, ', ');
    expect((await post('/github/secret-scanning', spaced, partner.headers(signedBody))).status).toBe(401);
    await nothingChanged();
  });

  it('rejects missing signature headers with 401', async () => {
    const body = batch([issued[0]!.token]);
    expect((await post('/github/secret-scanning', body, { 'content-type': 'application/json' })).status).toBe(401);
    await nothingChanged();
  });

  it('rejects an unknown key id with 401 after refetching the keys once', async () => {
    const body = batch([issued[0]!.token]);
    const before = keys.fetches();
    const res = await post('/github/secret-scanning', body, { ...partner.headers(body), 'Github-Public-Key-Identifier': 'f'.repeat(64) });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'unknown key identifier' });
    expect(keys.fetches() - before).toBe(1);
    await nothingChanged();
  });

  it('accepts a key the partner rotated in after the cache was filled', async () => {
    const warm = batch([stranger]);
    expect((await post('/github/secret-scanning', warm, partner.headers(warm))).status).toBe(200);
    const rotated = new FakePartner();
    keys.partners.push(rotated);
    try {
      const body = batch([issued[1]!.token]);
      const res = await post('/github/secret-scanning', body, rotated.headers(body));
      expect(res.status).toBe(200);
      expect((await svc.store.getKey(issued[1]!.id))?.revokedAt).toBeTruthy();
    } finally {
      keys.partners.pop();
    }
  });

  it('rejects signed but malformed JSON with 400 and changes nothing', async () => {
    for (const body of ['[{"token": "acme_', '{"token":"x"}', '[{"type":"t"}]']) {
      const res = await post('/github/secret-scanning', body, partner.headers(body));
      expect(res.status, body).toBe(400);
    }
    await nothingChanged();
  });

  it('rejects a 10 MB body with 413 and changes nothing', async () => {
    const tokens = [issued[0]!.token, ...Array.from({ length: 70_000 }, (_, i) => `x${i}`.padEnd(100, 'y'))];
    const body = Buffer.from(batch(tokens));
    expect(body.length).toBeGreaterThan(10 * 1024 * 1024);
    const res = await post('/github/secret-scanning', body, partner.headers(body)).catch((e: Error) => e);
    // The server may answer 413 and close before the client finished sending.
    if (!(res instanceof Error)) expect(res.status).toBe(413);
    await nothingChanged();
  });

  it('serves GitLab with the same verifier under Gitlab-* headers', async () => {
    const body = JSON.stringify([{ type: 'acme_api_key', token: issued[0]!.token, url: '' }]);
    expect((await post('/gitlab/secret-scanning', body, partner.headers(body, 'Github'))).status).toBe(401);
    const res = await post('/gitlab/secret-scanning', body, partner.headers(body, 'Gitlab'));
    expect(res.status).toBe(200);
    expect(((await res.json()) as Label[])[0]?.label).toBe('true_positive');
    expect((await svc.store.getKey(issued[0]!.id))?.revokedSource).toBe('gitlab:unknown');
  });

  describe('keylint reports (HMAC)', () => {
    const report = (tokens: string[]) =>
      JSON.stringify({
        version: 1,
        tool: 'keylint test',
        findings: tokens.map((t) => ({ ruleId: 'issued-key-acme', tokenHash: sha256Hex(t), file: 'src/app.ts', line: 3 })),
      });

    it('revokes the issued keys a signed report names by hash', async () => {
      const body = report([issued[0]!.token, stranger]);
      const res = await post('/v1/reports', body, { 'content-type': 'application/json', ...signReport(REPORT_SECRET, body) });
      expect(res.status).toBe(200);
      const json = (await res.json()) as { results: Label[] };
      expect(json.results.map((r) => r.label)).toEqual(['true_positive', 'false_positive']);
      const key = await svc.store.getKey(issued[0]!.id);
      expect(key?.revokedSource).toBe('keylint-report');
      expect(key?.revokedReason).toContain('src/app.ts:3');
    });

    it('rejects a replayed report and changes nothing the second time', async () => {
      const body = report([stranger]);
      const headers = { 'content-type': 'application/json', ...signReport(REPORT_SECRET, body) };
      expect((await post('/v1/reports', body, headers)).status).toBe(200);
      const replay = await post('/v1/reports', report([issued[0]!.token]), headers);
      expect(replay.status).toBe(401);
      const sameBody = await post('/v1/reports', body, headers);
      expect(sameBody.status).toBe(401);
      expect(await sameBody.json()).toEqual({ error: 'replayed report' });
      await nothingChanged();
    });

    it('rejects a stale or future timestamp, a wrong secret and a missing signature', async () => {
      const body = report([issued[0]!.token]);
      const cases = [
        signReport(REPORT_SECRET, body, Date.now() - 10 * 60_000),
        signReport(REPORT_SECRET, body, Date.now() + 10 * 60_000),
        signReport('not-the-secret', body),
        {},
      ];
      for (const h of cases) {
        const res = await post('/v1/reports', body, { 'content-type': 'application/json', ...h });
        expect(res.status).toBe(401);
      }
      await nothingChanged();
    });

    it('rejects a signed report that is not valid JSON', async () => {
      const body = '{"version":1,"findings":[';
      expect((await post('/v1/reports', body, { 'content-type': 'application/json', ...signReport(REPORT_SECRET, body) })).status).toBe(400);
      await nothingChanged();
    });
  });

  it('reports a key by id or by token hash, and health', async () => {
    const body = batch([issued[0]!.token]);
    await post('/github/secret-scanning', body, partner.headers(body));
    const byId = await (await fetch(`${svc.url}/v1/keys/${issued[0]!.id}`)).json();
    expect(byId).toMatchObject({ id: issued[0]!.id, owner: 'payments', prefix: 'acme', revoked: { source: 'github:content' } });
    expect(JSON.stringify(byId)).not.toContain(sha256Hex(issued[0]!.token));
    const byHash = await (await fetch(`${svc.url}/v1/keys/${sha256Hex(issued[1]!.token)}`)).json();
    expect(byHash).toMatchObject({ id: issued[1]!.id, revoked: null });
    expect((await fetch(`${svc.url}/v1/keys/key_nope`)).status).toBe(404);
    expect(await (await fetch(`${svc.url}/healthz`)).json()).toEqual({ ok: true, store: 'sqlite' });
  });
});
