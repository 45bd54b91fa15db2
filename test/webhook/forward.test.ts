import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandExample } from '../../src/engine/index.js';
import { generateKey, startWebhook } from '../../src/webhook/index.js';
import { tempDir } from '../helpers/cli.js';
import { startMock, type MockServer } from '../verify/mock-server.js';
import { FakePartner, keysServer, SQLITE } from './helpers.js';

describe.skipIf(!SQLITE)('webhook forwarding of tokens keylint did not issue (opt-in)', () => {
  const partner = new FakePartner();
  let keys: Awaited<ReturnType<typeof keysServer>>;
  let github: MockServer;
  beforeAll(async () => {
    keys = await keysServer([partner]);
    github = await startMock((req) =>
      req.method === 'POST' && req.path === '/credentials/revoke' && !req.headers.authorization ? { status: 202, body: {} } : { status: 404 },
    );
  });
  afterAll(async () => {
    await keys.close();
    await github.close();
  });

  async function postBatch(forward: boolean) {
    const tmp = tempDir('keylint-forward-');
    const svc = await startWebhook({
      db: join(tmp.dir, 'keys.sqlite'),
      port: 0,
      githubKeysUrl: `${keys.url}/keys`,
      minKeyRefetchMs: 0,
      rateLimit: 1000,
      ...(forward && { forward: { providers: ['github'], endpoints: new Map([['github', github.url]]) } }),
    });
    const own = generateKey('acme', 'payments');
    await svc.store.createKey(own.record);
    const stranger = expandExample('{{crc32:ghp_}}', 42);
    const body = JSON.stringify([own.token, stranger, 'not-a-token'].map((token) => ({ token, type: 'x', url: '', source: 'content' })));
    const res = await fetch(`${svc.url}/github/secret-scanning`, { method: 'POST', body, headers: partner.headers(body) });
    expect(res.status).toBe(200);
    await svc.close(); // waits for forwarding to finish
    tmp.cleanup();
    return { stranger, own: own.token };
  }

  it('sends only the foreign GitHub token to GitHub’s revocation API, after answering the partner', async () => {
    const before = github.requests.length;
    const { stranger, own } = await postBatch(true);
    const sent = github.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect((JSON.parse(sent[0]!.body) as { credentials: string[] }).credentials).toEqual([stranger]);
    expect(sent[0]!.body).not.toContain(own);
  });

  it('forwards nothing unless configured', async () => {
    const before = github.requests.length;
    await postBatch(false);
    expect(github.requests.length).toBe(before);
  });
});
