import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MockRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface MockAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type MockHandler = (req: MockRequest) => MockAnswer;

export interface MockServer {
  url: string;
  requests: MockRequest[];
  /** Most requests in flight at once. */
  maxInFlight: number;
  /** Start times (ms, performance.now) of every request. */
  starts: number[];
  close: () => Promise<void>;
}

/** A real HTTP server on 127.0.0.1 answering with `handler`; it records what it was sent. */
export async function startMock(handler: MockHandler, options: { delayMs?: number } = {}): Promise<MockServer> {
  const state = { requests: [] as MockRequest[], inFlight: 0, maxInFlight: 0, starts: [] as number[] };
  const server = createServer((req, res) => {
    state.starts.push(performance.now());
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://mock');
      const request: MockRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(parts).toString('utf8'),
      };
      state.requests.push(request);
      const answer = handler(request);
      const finish = () => {
        state.inFlight--;
        const text = typeof answer.body === 'string' ? answer.body : answer.body === undefined ? '' : JSON.stringify(answer.body);
        res.writeHead(answer.status, { 'content-type': typeof answer.body === 'string' ? 'text/html' : 'application/json', ...answer.headers });
        res.end(text);
      };
      if (options.delayMs) setTimeout(finish, options.delayMs);
      else finish();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    get maxInFlight() {
      return state.maxInFlight;
    },
    get starts() {
      return state.starts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
