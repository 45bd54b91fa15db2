import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load-rules.js';
import { providerId, VerifyCache, verifyFindings, verifySpecsOf, type VerifyOptions } from '../../src/verify/index.js';
import { startMock, type MockHandler, type MockServer } from './mock-server.js';
import { PROVIDER_MOCKS, type MockKeys } from './provider-mocks.js';
import { inFile, syntheticFinding } from './secrets.js';

const rules = loadBuiltinRules();
const specs = verifySpecsOf(rules);

// Values a check finds beside the secret (read from the finding's file by a companion regex).
const ALGOLIA_APP_ID = 'ABCDEFGH12';
const TWILIO_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const COMPANION_TEXT = `ALGOLIA_APP_ID=${ALGOLIA_APP_ID}\nTWILIO_ACCOUNT_SID=${TWILIO_SID}\nSHOPIFY_SHOP=acme-store.myshopify.com\n`;
const COMPANIONS = { appId: ALGOLIA_APP_ID, accountSid: TWILIO_SID };

let servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function mock(handler: MockHandler): Promise<MockServer> {
  const server = await startMock(handler);
  servers.push(server);
  return server;
}

function options(provider: string, url: string, extra: Partial<VerifyOptions> = {}): VerifyOptions {
  return { specs, endpoints: new Map([[providerId(provider), url]]), readText: () => COMPANION_TEXT, timeoutMs: 2000, ratePerSecond: 1000, ...extra };
}

// AWS needs a key pair and has its own test below.
const RULES_WITH_CHECKS = [...specs.keys()].filter((id) => !id.startsWith('aws-'));

describe('every [rule.verify] check against its provider mock', () => {
  it('covers at least 25 providers, each with a mock', () => {
    const providers = new Set([...specs.keys()].map((id) => rules.rules.find((r) => r.id === id)!.provider));
    expect(providers.size).toBeGreaterThanOrEqual(25);
    for (const id of specs.keys()) expect(PROVIDER_MOCKS[id], `mock for ${id}`).toBeDefined();
  });

  for (const ruleId of RULES_WITH_CHECKS) {
    it(`${ruleId}: verified for the working value, invalid for another, error when rate limited or down, unknown for a malformed answer`, async () => {
      const good = syntheticFinding(ruleId, 1);
      const bad = syntheticFinding(ruleId, 2);
      expect(bad.secret).not.toBe(good.secret);
      const keys: MockKeys = { good: good.secret, companions: COMPANIONS };
      // One server per provider; `mode` switches it between its documented answers and failures.
      let mode: 'provider' | 'rate-limited' | 'down' | 'malformed' = 'provider';
      const provider = await mock((req) => {
        if (mode === 'rate-limited') return { status: 429, body: { message: 'slow down' }, headers: { 'retry-after': '0' } };
        if (mode === 'down') return { status: 503, body: { message: 'unavailable' } };
        if (mode === 'malformed') return { status: 200, body: '<html><body>Sign in to the Wi-Fi</body></html>' };
        return PROVIDER_MOCKS[ruleId]!(req, keys);
      });
      await verifyFindings([good, bad], options(good.provider, provider.url));
      expect(good.verification?.status, `${ruleId} good: ${good.verification?.detail}`).toBe('verified');
      expect(bad.verification?.status, `${ruleId} bad: ${bad.verification?.detail}`).toBe('invalid');
      // What the provider said about the key never echoes the key.
      expect(JSON.stringify(good.verification)).not.toContain(good.secret);

      mode = 'rate-limited';
      const sent = provider.requests.length;
      const a = syntheticFinding(ruleId, 1);
      await verifyFindings([a], options(a.provider, provider.url));
      expect(a.verification).toMatchObject({ status: 'error', detail: expect.stringContaining('rate limited') });
      expect(provider.requests.length - sent).toBe(2); // one retry after the Retry-After it was given

      mode = 'down';
      const b = syntheticFinding(ruleId, 1);
      await verifyFindings([b], options(b.provider, provider.url));
      expect(b.verification?.status).toBe('error');

      mode = 'malformed';
      const c = syntheticFinding(ruleId, 1);
      await verifyFindings([c], options(c.provider, provider.url));
      expect(c.verification?.status).toBe('unknown');
    });
  }
});

describe('AWS STS GetCallerIdentity (SigV4)', () => {
  const pair = (seed: number) => {
    const keyId = syntheticFinding('aws-access-key-id', seed);
    const secret = syntheticFinding('aws-secret-access-key', seed);
    return [keyId, secret] as const;
  };

  it('verifies a working key pair and rejects a wrong secret or an unknown key id', async () => {
    const [keyId, secret] = pair(1);
    const server = await mock((req) => PROVIDER_MOCKS['aws-access-key-id']!(req, { good: secret.secret, companions: { keyId: keyId.secret } }));
    await verifyFindings([keyId, secret], options('AWS', server.url));
    expect(keyId.verification).toEqual({ status: 'verified', detail: 'arn: arn:aws:iam::123456789012:user/ci' });
    expect(secret.verification?.status).toBe('verified');
    expect(server.requests[0]!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=/);

    const [otherId, otherSecret] = pair(2);
    const wrongSecret = inFile(otherSecret, 'a.env');
    const rightId = inFile(keyId, 'a.env');
    const unknownId = inFile(otherId, 'b.env');
    const someSecret = inFile(secret, 'b.env');
    await verifyFindings([rightId, wrongSecret, unknownId, someSecret], options('AWS', server.url));
    expect(rightId.verification).toMatchObject({ status: 'invalid', detail: 'rejected (SignatureDoesNotMatch)' });
    expect(unknownId.verification).toMatchObject({ status: 'invalid', detail: 'rejected (InvalidClientTokenId)' });
  });

  it('says what is missing when the pair is not in one file', async () => {
    const [keyId] = pair(1);
    await verifyFindings([keyId], { specs });
    expect(keyId.verification).toEqual({ status: 'unknown', detail: 'needs the secretKey beside it (a aws-secret-access-key finding)' });
  });
});

describe('Algolia', () => {
  it('reclassifies a key whose ACL is only search as publishable, and keeps a write key secret', async () => {
    const key = syntheticFinding('algolia-api-key', 1);
    expect(key.kind).toBe('secret');
    const server = await mock((req) => PROVIDER_MOCKS['algolia-api-key']!(req, { good: key.secret, companions: { ...COMPANIONS, acl: 'search' } }));
    await verifyFindings([key], options('Algolia', server.url));
    expect(key).toMatchObject({ kind: 'publishable', severity: 'info', verification: { status: 'verified', detail: 'acl: search' } });

    const admin = syntheticFinding('algolia-api-key', 1);
    const writer = await mock((req) => PROVIDER_MOCKS['algolia-api-key']!(req, { good: admin.secret, companions: COMPANIONS }));
    await verifyFindings([admin], options('Algolia', writer.url));
    expect(admin).toMatchObject({ kind: 'secret', verification: { status: 'verified', detail: 'acl: search addObject deleteObject' } });
  });

  it('needs the application id beside the key', async () => {
    const key = syntheticFinding('algolia-api-key', 1);
    await verifyFindings([key], { specs, readText: () => 'nothing here' });
    expect(key.verification).toMatchObject({ status: 'unknown', detail: expect.stringContaining('appId') });
  });
});

describe('verifyFindings', () => {
  it('checks a value found in several places once, and a cached answer asks no provider again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keylint-verify-'));
    try {
      const first = syntheticFinding('github-pat', 1);
      const copies = [first, inFile(first, 'b.env'), inFile(first, 'c.env')];
      const server = await mock((req) => PROVIDER_MOCKS['github-pat']!(req, { good: first.secret, companions: {} }));
      const cachePath = join(dir, 'verify.json');
      await verifyFindings(copies, options('GitHub', server.url, { cache: new VerifyCache(cachePath, 3_600_000) }));
      expect(server.requests).toHaveLength(1);
      expect(copies.map((f) => f.verification?.status)).toEqual(['verified', 'verified', 'verified']);
      expect(readFileSync(cachePath, 'utf8')).not.toContain(first.secret);

      const later = inFile(first, 'd.env');
      await verifyFindings([later], options('GitHub', server.url, { cache: new VerifyCache(cachePath, 3_600_000) }));
      expect(server.requests).toHaveLength(1);
      expect(later.verification).toEqual({ status: 'verified', detail: 'user: octocat; scopes: repo, read:org' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('marks a finding without a check unknown and contacts nobody', async () => {
    const f = syntheticFinding('stripe-webhook-secret', 1);
    await verifyFindings([f], { specs });
    expect(f.verification).toEqual({ status: 'unknown', detail: 'no check for this rule' });
  });
});
