import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboard, type RunningDashboard } from '../../src/dashboard/server.js';
import { scanRepository } from '../../src/org/repo-scan.js';
import { OrgStore } from '../../src/org/store.js';
import { generateKey, startWebhook, type RunningWebhook } from '../../src/webhook/index.js';
import { tempDir } from '../helpers/cli.js';
import { dropSchema, makeRepo, PG_URL, plantedSecrets, uniqueName } from '../org/helpers.js';
import { FakePartner, keysServer } from '../webhook/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!PG_URL) console.warn('dashboard in a browser: skipped: set KEYLINT_TEST_DATABASE_URL to run it');
else if (!HAS_CHROMIUM) console.warn(`dashboard in a browser: skipped: no ${CHROMIUM} (apt-get install -y chromium)`);

describe.skipIf(!PG_URL || !HAS_CHROMIUM)('dashboard in headless Chromium', () => {
  const schema = uniqueName('keylint_dash');
  const tmp = tempDir('keylint-dash-');
  const secrets = plantedSecrets(9090);
  const partner = new FakePartner();
  let store: OrgStore;
  let keys: Awaited<ReturnType<typeof keysServer>>;
  let webhook: RunningWebhook;
  let dashboard: RunningDashboard;
  let browser: Browser;
  let revokedKeyId: string;
  let githubApi: Server;

  beforeAll(async () => {
    const web = join(tmp.dir, 'web');
    const infra = join(tmp.dir, 'infra');
    makeRepo(web, [{ message: 'config', files: { 'src/config.ts': `export const token = "${secrets.github}";\n` } }]);
    makeRepo(infra, [
      { message: 'keys', files: { 'deploy/age.env': `AGE_KEY=${secrets.age}\n`, '.npmrc': `//registry.npmjs.org/:_authToken=${secrets.npm}\n` } },
    ]);
    store = await OrgStore.open({ databaseUrl: PG_URL!, schema });
    const repos = [
      { name: 'acme/web', url: web },
      { name: 'acme/infra', url: infra },
    ];
    const runId = await store.startRun('test', repos);
    // The web repository is scanned with verification against a loopback GitHub that accepts the planted token.
    githubApi = createServer((req, res) => {
      const ok = req.url === '/user' && req.headers.authorization === `token ${secrets.github}`;
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end(ok ? '{"login":"octo"}' : '{"message":"Bad credentials"}');
    });
    await new Promise<void>((r) => githubApi.listen(0, '127.0.0.1', r));
    const verify = { verify: true, verifyEndpoint: `github=http://127.0.0.1:${(githubApi.address() as AddressInfo).port}` };
    for (const repo of repos) {
      await scanRepository(store, { runId, repo }, 1, {
        mirror: { cacheDir: join(tmp.dir, 'cache'), timeoutMs: 30_000 },
        timeoutMs: 30_000,
        threads: 1,
        ...(repo.name === 'acme/web' ? { verify } : {}),
      });
    }

    // A revocation made through the webhook, on the same database and schema.
    keys = await keysServer([partner]);
    webhook = await startWebhook({ databaseUrl: PG_URL!, schema, port: 0, githubKeysUrl: keys.url });
    const issued = generateKey('acme', 'ci');
    await webhook.store.createKey(issued.record);
    revokedKeyId = issued.record.id;
    const body = JSON.stringify([{ token: issued.token, type: 'acme_api_key', url: 'https://example.test/leak', source: 'content' }]);
    const res = await fetch(`${webhook.url}/github/secret-scanning`, { method: 'POST', body, headers: partner.headers(body) });
    expect(res.status).toBe(200);

    dashboard = await startDashboard(store, { host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    await webhook?.close();
    await keys?.close();
    await new Promise((r) => (githubApi ? githubApi.close(r) : r(undefined)));
    await store?.close();
    if (PG_URL) await dropSchema(schema);
    tmp.cleanup();
  });

  it('lists the planted findings redacted, the webhook revocation and its audit entry', async () => {
    const page = await browser.newPage();
    await page.goto(dashboard.url);
    const findings = page.locator('#findings tbody tr');
    await expect.poll(() => findings.count()).toBe(3);
    const html = await page.content();
    for (const s of Object.values(secrets)) expect(html).not.toContain(s);
    const redacted = await page.locator('#findings code.redacted').allTextContents();
    expect(redacted).toHaveLength(3);
    for (const r of redacted) expect(r).toContain('…');
    expect(await page.locator('#findings').innerText()).toContain('acme/web:src/config.ts:1');
    expect((await page.locator('#findings td.verification').allTextContents()).sort()).toEqual(['not verified', 'not verified', 'verified']);
    expect(await page.locator('#revocations tbody').innerText()).toContain(revokedKeyId);
    expect(await page.locator('#revocations tbody').innerText()).toContain('github:content');
    expect(await page.locator('#audit tbody').innerText()).toMatch(new RegExp(`${revokedKeyId}\\s+revoked`));
    await page.close();
  });

  it('narrows the list with the repository and provider filters', async () => {
    const page = await browser.newPage();
    await page.goto(dashboard.url);
    await page.selectOption('select[name="repo"]', 'acme/infra');
    await Promise.all([page.waitForURL(/repo=acme%2Finfra/), page.click('#filters button[type="submit"]')]);
    const rows = page.locator('#findings tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await page.locator('#findings').innerText()).not.toContain('acme/web');

    const providers = await page.locator('select[name="provider"] option').allTextContents();
    const github = providers.find((p) => /github/i.test(p))!;
    await page.selectOption('select[name="repo"]', '');
    await page.selectOption('select[name="provider"]', github);
    await Promise.all([page.waitForURL(/provider=/), page.click('#filters button[type="submit"]')]);
    expect(await rows.count()).toBe(1);
    expect(await page.locator('#findings').innerText()).toContain('acme/web:src/config.ts');

    await page.goto(dashboard.url);
    await page.check('input[name="live"]');
    await Promise.all([page.waitForURL(/live=1/), page.click('#filters button[type="submit"]')]);
    expect(await rows.count()).toBe(1);
    expect(await page.locator('#findings td.verification').allTextContents()).toEqual(['verified']);
    await page.close();
  });
});
