import type { default as FastifyFactory, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Writable } from 'node:stream';
import { safeEqual, sha256Hex, SHA256_HEX } from './hash.js';
import { requirePeer } from './optional-peer.js';
import { Notifier, type NotifierOptions } from './notifier.js';
import { verifyPartnerSignature, type PartnerConfig } from './partner-verify.js';
import { RateLimiter } from './rate-limit.js';
import { checkReportSignature, REPORT_WINDOW_SECONDS } from './report-signature.js';
import { tokenForwarder, type ForwardOptions } from './forward.js';
import { revokeAll } from './revoke.js';
import { parsePartnerBatch, reportSchema } from './schemas.js';
import type { IssuedKey, KeyStore } from './store/types.js';

export interface WebhookServerOptions {
  store: KeyStore;
  /** Partners whose signed alerts are accepted at `POST /<name>/secret-scanning`. */
  partners: PartnerConfig[];
  /** Shared secret for `POST /v1/reports`; the route is off without it. */
  reportSecret?: string;
  reportWindowSeconds?: number;
  /** When set, `GET /v1/keys/:id` requires `Authorization: Bearer <adminToken>`. */
  adminToken?: string;
  notify?: NotifierOptions;
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
  /** Requests per minute per source address on the POST routes. */
  rateLimit?: number;
  /** Where request logs go; silent when omitted. Logs never hold a token, a hash or a header. */
  logStream?: Writable;
  /** Behind one load balancer: take the rate limit's source address from the hop it appends to X-Forwarded-For. */
  trustProxy?: boolean;
  /** Opt-in: partner-reported tokens keylint did not issue go to these providers' revocation APIs. */
  forward?: ForwardOptions;
}

export const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;
export const DEFAULT_RATE_LIMIT = 600;

export interface WebhookServer {
  app: FastifyInstance;
  notifier: Notifier | undefined;
  /** Stops accepting, lets in-flight batches finish, stops the notifier; the store stays open for the caller to close. */
  close(): Promise<void>;
}

/**
 * A request URL as logged. `GET /v1/keys/<sha256>` puts a token hash in the URL, and a
 * mistaken caller may put the token itself there or in a query string: only a key id is
 * kept, hashes become `<sha256>`, anything else after /v1/keys/ and every query string go.
 */
function loggedUrl(url: string): string {
  const path = url.split('?')[0]!.replace(/[0-9a-fA-F]{64}/g, '<sha256>');
  return path.replace(/^(\/v1\/keys\/)(?!key_[0-9a-f]+$|<sha256>$).+$/, '$1<redacted>');
}

function deny(reply: FastifyReply, status: number, error: string): FastifyReply {
  return reply.code(status).send({ error });
}

function keyView(k: IssuedKey) {
  return {
    id: k.id,
    prefix: k.prefix,
    owner: k.owner,
    createdAt: k.createdAt,
    revoked: k.revokedAt ? { at: k.revokedAt, source: k.revokedSource, reason: k.revokedReason } : null,
  };
}

/** Builds the revocation service (not yet listening). */
export function buildWebhookServer(options: WebhookServerOptions): WebhookServer {
  const { store } = options;
  const Fastify = requirePeer<typeof FastifyFactory>('fastify', '^5', 'the webhook server');
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Only the immediate peer (the load balancer), not `true`: trusting every hop makes req.ip the left-most
    // X-Forwarded-For entry, which the client writes itself, so each request could claim a fresh address.
    trustProxy: options.trustProxy ? (_address: string, hop: number) => hop === 0 : false,
    // Default serializers log method, url and address only: no headers, no bodies.
    logger: options.logStream
      ? {
          level: 'info',
          stream: options.logStream,
          serializers: { req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: loggedUrl(req.url), remoteAddress: req.ip }) },
        }
      : false,
    return503OnClosing: true,
  });
  const notifier = options.notify ? new Notifier(store, { ...options.notify, log: (m) => app.log.warn(m) }) : undefined;
  const limiter = new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT);
  let closing = false;
  const forward = options.forward && options.forward.providers.length ? tokenForwarder(options.forward) : undefined;
  // Forwarding runs after the partner has its answer (GitHub waits at most 30 s); close() waits for it.
  const forwarding = new Set<Promise<void>>();
  // A keep-alive connection that was busy when shutdown began would otherwise hold close() open
  // until its idle timeout; telling the client to close lets the drain end with the last response.
  app.addHook('onSend', async (_req, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error({ code: err.code }, 'internal error');
    // Fastify's own client errors (413, 415, 400) carry safe messages; ours never echo input.
    return deny(reply, status, status === 500 ? 'internal error' : err.message);
  });

  // Fastify's default 404 logs the raw URL, past the serializer that keeps token hashes out of the log.
  app.setNotFoundHandler((_req, reply) => deny(reply, 404, 'not found'));

  app.get('/healthz', async () => ({ ok: true, store: store.kind }));

  app.get<{ Params: { id: string } }>('/v1/keys/:id', async (req, reply) => {
    if (options.adminToken && !safeEqual(req.headers.authorization ?? '', `Bearer ${options.adminToken}`)) return deny(reply, 401, 'unauthorized');
    const id = req.params.id;
    // A 64-hex id is the SHA-256 of a token: lets a holder ask "is this key revoked?" without sending it.
    const key = SHA256_HEX.test(id) ? await store.getKeyByHash(id) : await store.getKey(id);
    if (!key) return deny(reply, 404, 'no such key');
    return keyView(key);
  });

  // Signed routes see the body as raw bytes: signatures cover the bytes exactly as sent.
  app.register(async (signed) => {
    signed.removeAllContentTypeParsers();
    signed.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    signed.addHook('onRequest', async (req, reply) => {
      const wait = limiter.hit(req.ip);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        return deny(reply, 429, 'rate limit exceeded');
      }
    });

    const rawBody = (req: FastifyRequest): Buffer => (Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));

    for (const partner of options.partners) {
      signed.post(`/${partner.name}/secret-scanning`, async (req, reply) => {
        const body = rawBody(req);
        const verdict = await verifyPartnerSignature(partner, req.headers, body);
        if (!verdict.ok) {
          req.log.warn({ partner: partner.name, reason: verdict.reason }, 'rejected alert');
          return deny(reply, 401, verdict.reason);
        }
        let json: unknown;
        try {
          json = JSON.parse(body.toString('utf8'));
        } catch {
          return deny(reply, 400, 'body is not valid JSON');
        }
        const parsed = parsePartnerBatch(json);
        if (!parsed || (parsed.items.length === 0 && parsed.rejected > 0)) return deny(reply, 400, 'body is not a list of {token, type, url, source}');
        if (parsed.rejected) req.log.warn({ partner: partner.name, rejected: parsed.rejected }, 'malformed entries set aside');
        const items = parsed.items.map((item) => ({ ...item, hash: sha256Hex(item.token) }));
        const outcomes = await revokeAll(
          store,
          items.map((i) => ({
            tokenHash: i.hash,
            source: `${partner.name}:${(i.source ?? 'unknown').toLowerCase()}`,
            reason: i.url ? `publicly exposed at ${i.url}` : 'publicly exposed (no URL given)',
          })),
        );
        const issued = new Set(outcomes.filter((o) => o.keyId !== null).map((o) => o.tokenHash));
        const newly = outcomes.filter((o) => o.newlyRevoked).length;
        req.log.info({ partner: partner.name, tokens: items.length, issued: issued.size, revoked: newly }, 'alert batch');
        if (newly > 0) notifier?.kick();
        if (forward) {
          const foreign = items.filter((i) => !issued.has(i.hash)).map((i) => i.token);
          const job = forward(foreign)
            .then((outcomes) => {
              for (const o of outcomes)
                req.log.info(
                  { partner: partner.name, revoker: o.revoker, rule: o.candidate.ruleId, key: o.candidate.redacted, status: o.status, detail: o.detail },
                  'forwarded revocation',
                );
            })
            .catch((e: Error) => req.log.warn({ partner: partner.name, error: e.name }, 'forwarded revocation failed'))
            .finally(() => forwarding.delete(job));
          forwarding.add(job);
        }
        // The partner's feedback format: SHA-256 of the token (lowercase hex), never the raw token.
        return items.map((i) => ({ token_hash: i.hash, token_type: i.type, label: issued.has(i.hash) ? 'true_positive' : 'false_positive' }));
      });
    }

    const secret = options.reportSecret;
    if (secret) {
      signed.post('/v1/reports', async (req, reply) => {
        const body = rawBody(req);
        const check = checkReportSignature(secret, req.headers, body, Date.now(), options.reportWindowSeconds ?? REPORT_WINDOW_SECONDS);
        if (!check.ok) {
          req.log.warn({ reason: check.reason }, 'rejected report');
          return deny(reply, 401, check.reason);
        }
        let json: unknown;
        try {
          json = JSON.parse(body.toString('utf8'));
        } catch {
          return deny(reply, 400, 'body is not valid JSON');
        }
        const parsed = reportSchema.safeParse(json);
        if (!parsed.success) return deny(reply, 400, `body is not a keylint report (${parsed.error.issues[0]?.path.join('.') || 'root'})`);
        // Only after the signature and body check out, so junk cannot burn nonces.
        if (!(await store.useNonce(check.nonce, check.expiresAt, Date.now()))) {
          req.log.warn({ reason: 'replayed nonce' }, 'rejected report');
          return deny(reply, 401, 'replayed report');
        }
        const outcomes = await revokeAll(
          store,
          parsed.data.findings.map((f) => ({
            tokenHash: f.tokenHash,
            source: 'keylint-report',
            reason: `found by ${parsed.data.tool ?? 'keylint'} in ${f.file ?? '<unknown>'}${f.line ? `:${f.line}` : ''}${f.commit ? ` (commit ${f.commit})` : ''}`,
          })),
        );
        const newly = outcomes.filter((o) => o.newlyRevoked).length;
        req.log.info({ findings: parsed.data.findings.length, revoked: newly }, 'report');
        if (newly > 0) notifier?.kick();
        return {
          results: outcomes.map((o) => ({
            tokenHash: o.tokenHash,
            label: o.keyId ? 'true_positive' : 'false_positive',
            keyId: o.keyId,
            revoked: o.newlyRevoked ? 'now' : o.keyId ? 'already' : null,
          })),
        };
      });
    }
  });

  return {
    app,
    notifier,
    async close() {
      closing = true;
      await app.close();
      await Promise.all(forwarding);
      await notifier?.stop();
    },
  };
}
