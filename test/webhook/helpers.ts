import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { sqliteAvailable } from '../../src/webhook/store/node-sqlite.js';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in for GitHub's signing side: an ECDSA P-256 key pair made for this test run. */
export class FakePartner {
  readonly keyId: string;
  readonly publicPem: string;
  private readonly privateKey: KeyObject;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    this.privateKey = privateKey;
    this.publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.keyId = createHash('sha256').update(this.publicPem).digest('hex');
  }

  /** base64 DER ECDSA-SHA256 signature over the exact bytes, as GitHub sends it. */
  sign(body: string | Buffer): string {
    return sign('sha256', Buffer.from(body), this.privateKey).toString('base64');
  }

  headers(body: string | Buffer, prefix = 'Github'): Record<string, string> {
    return {
      'content-type': 'application/json',
      [`${prefix}-Public-Key-Identifier`]: this.keyId,
      [`${prefix}-Public-Key-Signature`]: this.sign(body),
    };
  }
}

export interface LocalServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<LocalServer> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Serves `{public_keys: [...]}` like api.github.com/meta/public_keys/secret_scanning, counting fetches. */
export async function keysServer(partners: FakePartner[]): Promise<LocalServer & { fetches: () => number; partners: FakePartner[] }> {
  let fetches = 0;
  const server = createServer((_req, res) => {
    fetches++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ public_keys: partners.map((p, i) => ({ key_identifier: p.keyId, key: p.publicPem, is_current: i === partners.length - 1 })) }));
  });
  return { ...(await listen(server)), fetches: () => fetches, partners };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/** Receives outgoing revocation notices; answers 503 to the first `failFirst` requests. */
export async function noticeSink(failFirst = 0): Promise<LocalServer & { received: unknown[]; attempts: () => number }> {
  const received: unknown[] = [];
  let attempts = 0;
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    attempts++;
    if (attempts <= failFirst) {
      res.statusCode = 503;
      return res.end();
    }
    received.push(JSON.parse(body));
    res.end('{}');
  });
  return { ...(await listen(server)), received, attempts: () => attempts };
}

/** Polls until `check` is true or the bounded wait ends. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Whether this Node has the built-in SQLite the default store uses (22.13+); on Node 20 those tests skip, saying so. */
export const SQLITE = sqliteAvailable();
if (!SQLITE)
  console.warn(
    `webhook: SQLite tests skipped on Node ${process.versions.node}: the store uses node:sqlite (Node 22.13+); run them with scripts/node-matrix.sh`,
  );
