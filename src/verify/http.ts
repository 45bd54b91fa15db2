import { assertSendable } from './endpoints.js';
import { RateLimited } from './errors.js';
import { HostRateLimiter, Semaphore } from './limits.js';
import type { Send, VerifyRequest, VerifyResponse } from './types.js';

export interface HttpLimits {
  /** Requests in flight at once, over all hosts (default 8). */
  concurrency?: number;
  /** Requests per second to one host unless its check says otherwise (default 10). */
  ratePerSecond?: number;
  /** Per-request timeout in ms (default 10 s). */
  timeoutMs?: number;
  /** Longest Retry-After honored with one retry; a longer one is an `error` (default 5 s). */
  maxRetryAfterMs?: number;
}

/** Bodies past this are cut: a check reads a few fields, and a hostile endpoint should not fill memory. */
const MAX_BODY = 1 << 20;

function retryAfterMs(value: string | null): number | undefined {
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

async function readCapped(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > MAX_BODY) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY);
}

/**
 * The one way verification and revocation reach the network: every request is checked against
 * its provider's host allow-list, waits for the host's rate slot and a concurrency slot, and
 * times out. Redirects are not followed (they could carry the secret elsewhere). Failures are
 * described by code, never by URL (a URL may hold the secret).
 */
export function createSender(limits: HttpLimits = {}): Send & { limiter: HostRateLimiter } {
  const semaphore = new Semaphore(limits.concurrency ?? 8);
  const limiter = new HostRateLimiter(limits.ratePerSecond ?? 10);
  const timeoutMs = limits.timeoutMs ?? 10_000;
  const maxRetryAfter = limits.maxRetryAfterMs ?? 5_000;

  const once = async (request: VerifyRequest, host: string, rate: number | undefined): Promise<VerifyResponse> => {
    await limiter.take(host, rate);
    return semaphore.run(async () => {
      await limiter.pace(host, rate);
      let response: Response;
      try {
        response = await fetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        const err = e as Error & { cause?: { code?: string } };
        if (err.name === 'TimeoutError') throw new Error(`timed out after ${timeoutMs} ms`);
        throw new Error(err.cause?.code ?? 'network error');
      }
      const text = await readCapped(response);
      return { status: response.status, headers: response.headers, text };
    });
  };

  const send = async (request: VerifyRequest, allowedHosts: readonly string[], ratePerSecond?: number): Promise<VerifyResponse> => {
    const host = assertSendable(request.url, allowedHosts).host;
    let response = await once(request, host, ratePerSecond);
    if (response.status === 429) {
      const wait = retryAfterMs(response.headers.get('retry-after'));
      if (wait !== undefined) limiter.pause(host, Math.min(wait, 60_000));
      if (wait === undefined || wait > maxRetryAfter) throw new RateLimited(wait);
      response = await once(request, host, ratePerSecond);
      if (response.status === 429) throw new RateLimited(retryAfterMs(response.headers.get('retry-after')));
    }
    return response;
  };
  return Object.assign(send, { limiter });
}
