import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VerifyCache } from '../../src/verify/cache.js';
import { assertSendable, hostAllowed, parseEndpointOverrides, providerId } from '../../src/verify/endpoints.js';
import { RateLimited, VerifyRefused } from '../../src/verify/errors.js';
import { createSender } from '../../src/verify/http.js';
import { HostRateLimiter } from '../../src/verify/limits.js';
import { render } from '../../src/verify/template.js';
import { startMock, type MockServer } from './mock-server.js';

let servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

describe('--verify-endpoint', () => {
  it('maps a provider id to an API base, https anywhere or http on loopback only', () => {
    const map = parseEndpointOverrides(['GitHub=https://ghe.example.com/api/v3/', 'gitlab=http://127.0.0.1:8080', 'hugging-face=http://[::1]:9000']);
    expect([...map]).toEqual([
      ['github', 'https://ghe.example.com/api/v3'],
      ['gitlab', 'http://127.0.0.1:8080'],
      ['hugging-face', 'http://[::1]:9000'],
    ]);
    expect(() => parseEndpointOverrides(['github=http://ghe.example.com'])).toThrow(
      '--verify-endpoint github=http://ghe.example.com: must be https:// (plain http:// only for loopback addresses)',
    );
    expect(() => parseEndpointOverrides(['github'])).toThrow('write PROVIDER=URL');
    expect(() => parseEndpointOverrides(['github=https://u:p@ghe.example.com'])).toThrow('must not hold credentials');
    expect(providerId('Hugging Face')).toBe('hugging-face');
  });

  it("refuses a host outside the provider's allow-list and clear text off loopback", () => {
    expect(hostAllowed('acme.myshopify.com', ['myshopify.com'])).toBe(true);
    expect(hostAllowed('myshopify.com.evil.test', ['myshopify.com'])).toBe(false);
    expect(() => assertSendable('https://evil.test/user', ['api.github.com'])).toThrow(VerifyRefused);
    expect(() => assertSendable('http://api.github.com/user', ['api.github.com'])).toThrow('refusing plain http:// to api.github.com');
    expect(() => assertSendable('http://127.0.0.1:9/user', ['127.0.0.1'])).not.toThrow();
  });

  it('percent-encodes values placed in a URL, so a value cannot add a host or a path', () => {
    const url = 'https://{{companion shop}}.myshopify.com/x/{{secret}}';
    expect(render(url, { secret: 'a/b?c', companions: { shop: 'evil.test#' } }, 'url')).toBe('https://evil.test%23.myshopify.com/x/a%2Fb%3Fc');
  });
});

describe('the sender', () => {
  it('never sends to a host off the allow-list, even when the mock would answer', async () => {
    const server = await startMock(() => ({ status: 200, body: {} }));
    servers.push(server);
    const send = createSender();
    await expect(send({ method: 'GET', url: `${server.url}/user`, headers: {} }, ['api.github.com'])).rejects.toThrow(VerifyRefused);
    expect(server.requests).toHaveLength(0);
  });

  it('does not follow a redirect (it could carry the credential to another host)', async () => {
    const other = await startMock(() => ({ status: 200, body: {} }));
    const server = await startMock(() => ({ status: 302, headers: { location: `${other.url}/steal` } }));
    servers.push(server, other);
    const response = await createSender()({ method: 'GET', url: `${server.url}/user`, headers: { authorization: 'token x' } }, ['127.0.0.1']);
    expect(response.status).toBe(302);
    expect(other.requests).toHaveLength(0);
  });

  it('times out a provider that does not answer', async () => {
    const server = await startMock(() => ({ status: 200, body: {} }), { delayMs: 2000 });
    servers.push(server);
    await expect(createSender({ timeoutMs: 100 })({ method: 'GET', url: server.url, headers: {} }, ['127.0.0.1'])).rejects.toThrow('timed out after 100 ms');
  });

  it('gives up on a Retry-After longer than it will wait', async () => {
    const server = await startMock(() => ({ status: 429, headers: { 'retry-after': '120' }, body: {} }));
    servers.push(server);
    await expect(createSender()({ method: 'GET', url: server.url, headers: {} }, ['127.0.0.1'])).rejects.toBeInstanceOf(RateLimited);
    expect(server.requests).toHaveLength(1);
  });

  it('holds concurrency and the per-host rate', async () => {
    const server = await startMock(() => ({ status: 200, body: {} }), { delayMs: 30 });
    servers.push(server);
    const send = createSender({ concurrency: 3, ratePerSecond: 100 });
    await Promise.all(Array.from({ length: 12 }, () => send({ method: 'GET', url: server.url, headers: {} }, ['127.0.0.1'])));
    expect(server.maxInFlight).toBeLessThanOrEqual(3);
    const starts = server.starts;
    // 100 per second: 12 starts span at least 11 intervals of 10 ms (a little timer slack allowed).
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(100);
  });

  it('paces actual starts one interval apart, however many callers arrive at once', async () => {
    // A request that waited for a concurrency slot past its scheduled slot must still not
    // start together with the others that came due meanwhile.
    const limiter = new HostRateLimiter(50);
    const started: number[] = [];
    await Promise.all(Array.from({ length: 6 }, () => limiter.pace('a').then(() => started.push(performance.now()))));
    const gaps = started.slice(1).map((t, i) => t - started[i]!);
    // 50 per second: 20 ms apart (Node timers can fire up to about a millisecond early).
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(18);
  });

  it('pauses only the host that asked to wait', async () => {
    const limiter = new HostRateLimiter(1000);
    limiter.pause('a', 150);
    const t0 = performance.now();
    await limiter.take('b');
    const other = performance.now() - t0;
    await limiter.take('a');
    expect(other).toBeLessThan(100);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });
});

describe('the verification cache', () => {
  it('keeps verified and invalid answers by fingerprint for the TTL, never errors, and never a value', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keylint-cache-'));
    try {
      const path = join(dir, 'verify.json');
      let now = 1000;
      const cache = new VerifyCache(path, 60_000, () => now);
      cache.set('fp-verified', { status: 'verified', detail: 'user: octocat' });
      cache.set('fp-error', { status: 'error', detail: 'timed out' });
      cache.save();
      const text = readFileSync(path, 'utf8');
      expect(text).toContain('fp-verified');
      expect(text).not.toContain('fp-error');
      const again = new VerifyCache(path, 60_000, () => now);
      expect(again.get('fp-verified')).toEqual({ status: 'verified', detail: 'user: octocat' });
      now += 60_001;
      expect(again.get('fp-verified')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
