import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Kind } from '../engine/index.js';
import type { OrgStore } from '../org/store.js';
import { renderDashboard } from './html.js';
import { loadDashboard } from './queries.js';

export interface RunningDashboard {
  url: string;
  close: () => Promise<void>;
}

/** Serves the dashboard page over the org store (GET / with filters in the query string, GET /healthz). */
export async function startDashboard(store: OrgStore, o: { host: string; port: number; log?: (line: string) => void }): Promise<RunningDashboard> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    if (url.pathname !== '/') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const q = url.searchParams;
    const kind = q.get('kind');
    const filter = {
      ...(q.get('repo') ? { repo: q.get('repo')! } : {}),
      ...(q.get('provider') ? { provider: q.get('provider')! } : {}),
      ...(kind === 'secret' || kind === 'publishable' ? { kind: kind as Kind } : {}),
      ...(q.get('live') === '1' ? { live: true } : {}),
      newOnly: q.get('new') === '1',
    };
    loadDashboard(store, filter).then(
      (data) => {
        res
          .writeHead(200, {
            'content-type': 'text/html; charset=utf-8',
            'cache-control': 'no-store',
            'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
            'x-content-type-options': 'nosniff',
          })
          .end(renderDashboard(data));
      },
      (e: unknown) => {
        o.log?.(`dashboard: ${(e as Error).message.split('\n')[0]}`);
        res.writeHead(500, { 'content-type': 'text/plain' }).end('the findings store did not answer; see the server log\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
