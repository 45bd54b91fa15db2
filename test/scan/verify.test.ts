import { afterEach, describe, expect, it } from 'vitest';
import { type ConfigErrors } from '../../src/config/errors.js';
import { emptyConfig, parseConfig } from '../../src/config/load-config.js';
import { verifyCacheDir, verifyReport, verifySettings } from '../../src/scan/verify.js';
import { reportOf } from '../report/helpers.js';
import { startMock, type MockServer } from '../verify/mock-server.js';
import { PROVIDER_MOCKS } from '../verify/provider-mocks.js';
import { inFile, syntheticFinding } from '../verify/secrets.js';

const config = (text: string) => parseConfig(text, '.keylint.toml', '/repo');

let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('verifySettings', () => {
  it('is off unless a flag or the config turns it on (hooks contact nobody by default)', () => {
    expect(verifySettings({}, emptyConfig('/repo')).enabled).toBe(false);
    expect(verifySettings({ verify: true }, emptyConfig('/repo')).enabled).toBe(true);
    expect(verifySettings({ onlyVerified: true }, emptyConfig('/repo')).enabled).toBe(true);
    expect(verifySettings({}, config('[verify]\nenabled = true\n')).enabled).toBe(true);
    expect(verifySettings({ verify: false }, config('[verify]\nenabled = true\n')).enabled).toBe(false);
  });

  it('merges endpoints, flags over config, and keeps the cache under KEYLINT_CACHE_DIR', () => {
    const c = config('[verify]\ncacheTtl = 60\nendpoints = { github = "https://ghe.example.com/api/v3", gitlab = "https://gitlab.example.com" }\n');
    const s = verifySettings({ verifyEndpoint: ['github=http://127.0.0.1:9999'], verifyCacheTtl: 5 }, c, verifyCacheDir({ KEYLINT_CACHE_DIR: '/tmp/k' }));
    expect([...s.endpoints]).toEqual([
      ['github', 'http://127.0.0.1:9999'],
      ['gitlab', 'https://gitlab.example.com'],
    ]);
    expect(s).toMatchObject({ cacheTtlSeconds: 5, cachePath: '/tmp/k/verify.json' });
    expect(verifySettings({}, emptyConfig('/repo')).cachePath).toBeUndefined();
  });

  it('names the config and field for an http endpoint off loopback', () => {
    expect(() => verifySettings({}, config('[verify]\nendpoints = { github = "http://ghe.example.com" }\n'))).toThrow(
      '.keylint.toml: verify.endpoints github=http://ghe.example.com: must be https:// (plain http:// only for loopback addresses)',
    );
  });

  it('rejects unknown [verify] keys with the file and field', () => {
    try {
      config('[verify]\nenable = true\n');
      expect.unreachable();
    } catch (e) {
      expect((e as ConfigErrors).errors.map((x) => x.message).join('\n')).toMatch(/^config \.keylint\.toml:2: verify\.enable/);
    }
  });
});

describe('verifyReport', () => {
  it('says once which hosts it contacts, records the answers, and --only-verified keeps the live ones', async () => {
    const live = syntheticFinding('github-pat', 1);
    const dead = syntheticFinding('github-pat', 2);
    const noCheck = syntheticFinding('stripe-webhook-secret', 1);
    server = await startMock((req) => PROVIDER_MOCKS['github-pat']!(req, { good: live.secret, companions: {} }));
    const report = reportOf([live, dead, inFile(live, 'other.env'), noCheck]);
    const lines: string[] = [];
    const settings = { ...verifySettings({ onlyVerified: true, verifyEndpoint: `github=${server.url}` }, emptyConfig('/repo')) };
    await verifyReport(report, settings, { root: '/repo', log: (l) => lines.push(l) });
    expect(lines).toEqual(['--verify will contact: 127.0.0.1']);
    expect(server.requests).toHaveLength(2);
    expect(report.findings.map((f) => f.file)).toEqual(['config/app.env', 'other.env']);
  });

  it('does nothing when verification is off', async () => {
    const f = syntheticFinding('github-pat', 1);
    const report = reportOf([f]);
    await verifyReport(report, verifySettings({}, emptyConfig('/repo')), { root: '/repo', log: () => expect.unreachable() });
    expect(f.verification).toBeUndefined();
  });
});
