import { createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from './hash.js';

/**
 * keylint's own reports (`--report-to`) are signed with a shared secret:
 *   Keylint-Timestamp: unix seconds
 *   Keylint-Nonce:     random, single use
 *   Keylint-Signature: v1=<hex HMAC-SHA256(secret, "v1:" + timestamp + ":" + nonce + ":" + raw body)>
 * The service rejects a timestamp outside its window and a nonce it has already seen.
 */
export const REPORT_HEADERS = { timestamp: 'keylint-timestamp', nonce: 'keylint-nonce', signature: 'keylint-signature' } as const;

export const REPORT_WINDOW_SECONDS = 300;

function mac(secret: string, timestamp: string, nonce: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(`v1:${timestamp}:${nonce}:`).update(body).digest('hex');
}

/** The headers for one report body. */
export function signReport(secret: string, body: Buffer | string, now = Date.now(), nonce = randomBytes(16).toString('base64url')): Record<string, string> {
  const timestamp = String(Math.floor(now / 1000));
  return {
    [REPORT_HEADERS.timestamp]: timestamp,
    [REPORT_HEADERS.nonce]: nonce,
    [REPORT_HEADERS.signature]: `v1=${mac(secret, timestamp, nonce, body)}`,
  };
}

export type ReportCheck = { ok: true; nonce: string; expiresAt: number } | { ok: false; reason: string };

type Headers = Record<string, string | string[] | undefined>;

/** Checks signature and timestamp window; the caller must still record the nonce to stop replays. */
export function checkReportSignature(secret: string, headers: Headers, body: Buffer, now = Date.now(), windowSeconds = REPORT_WINDOW_SECONDS): ReportCheck {
  const ts = headers[REPORT_HEADERS.timestamp];
  const nonce = headers[REPORT_HEADERS.nonce];
  const sig = headers[REPORT_HEADERS.signature];
  if (typeof ts !== 'string' || typeof nonce !== 'string' || typeof sig !== 'string') return { ok: false, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/.test(ts) || !/^[A-Za-z0-9_-]{16,128}$/.test(nonce)) return { ok: false, reason: 'malformed signature headers' };
  if (!safeEqual(sig, `v1=${mac(secret, ts, nonce, body)}`)) return { ok: false, reason: 'bad signature' };
  const skew = Math.abs(now / 1000 - Number(ts));
  if (skew > windowSeconds) return { ok: false, reason: 'stale timestamp' };
  // A nonce only needs remembering while its timestamp is still inside the window.
  return { ok: true, nonce, expiresAt: (Number(ts) + windowSeconds) * 1000 };
}
