import type { Writable } from 'node:stream';
import { PublicKeySource } from './partner-keys.js';
import type { PartnerConfig } from './partner-verify.js';
import type { ForwardOptions } from './forward.js';
import { buildWebhookServer, type WebhookServer } from './server.js';
import { openStore, type StoreOptions } from './store/open.js';
import type { KeyStore } from './store/types.js';

export const GITHUB_KEYS_URL = 'https://api.github.com/meta/public_keys/secret_scanning';

export interface ServeOptions extends StoreOptions {
  host?: string;
  port?: number;
  githubKeysUrl?: string;
  /** Bearer token for the GitHub keys URL (avoids its anonymous rate limit). */
  githubKeysToken?: string;
  /** Enables `POST /gitlab/secret-scanning`, verified against this keys URL. */
  gitlabKeysUrl?: string;
  minKeyRefetchMs?: number;
  reportSecret?: string;
  reportWindowSeconds?: number;
  adminToken?: string;
  notifyUrl?: string;
  notifyBaseDelayMs?: number;
  notifyMaxAttempts?: number;
  bodyLimit?: number;
  rateLimit?: number;
  trustProxy?: boolean;
  /** Opt-in: forward reported tokens keylint did not issue to these providers' revocation APIs. */
  forward?: ForwardOptions;
  logStream?: Writable;
}

export interface RunningWebhook {
  url: string;
  store: KeyStore;
  server: WebhookServer;
  /** Graceful stop: no new requests, in-flight batches finish and commit, then the store closes. */
  close(): Promise<void>;
}

/** Opens the store, starts listening and delivering notices. */
export async function startWebhook(o: ServeOptions): Promise<RunningWebhook> {
  const store = await openStore(o);
  const partners: PartnerConfig[] = [
    {
      name: 'github',
      headerPrefix: 'Github',
      keys: new PublicKeySource({
        url: o.githubKeysUrl ?? GITHUB_KEYS_URL,
        ...(o.githubKeysToken ? { token: o.githubKeysToken } : {}),
        ...(o.minKeyRefetchMs === undefined ? {} : { minRefetchMs: o.minKeyRefetchMs }),
      }),
    },
  ];
  if (o.gitlabKeysUrl) {
    partners.push({
      name: 'gitlab',
      headerPrefix: 'Gitlab',
      keys: new PublicKeySource({ url: o.gitlabKeysUrl, ...(o.minKeyRefetchMs === undefined ? {} : { minRefetchMs: o.minKeyRefetchMs }) }),
    });
  }
  const server = buildWebhookServer({
    store,
    partners,
    ...(o.reportSecret ? { reportSecret: o.reportSecret } : {}),
    ...(o.reportWindowSeconds === undefined ? {} : { reportWindowSeconds: o.reportWindowSeconds }),
    ...(o.adminToken ? { adminToken: o.adminToken } : {}),
    ...(o.notifyUrl
      ? {
          notify: {
            url: o.notifyUrl,
            ...(o.notifyBaseDelayMs === undefined ? {} : { baseDelayMs: o.notifyBaseDelayMs }),
            ...(o.notifyMaxAttempts === undefined ? {} : { maxAttempts: o.notifyMaxAttempts }),
          },
        }
      : {}),
    ...(o.bodyLimit === undefined ? {} : { bodyLimit: o.bodyLimit }),
    ...(o.rateLimit === undefined ? {} : { rateLimit: o.rateLimit }),
    ...(o.trustProxy === undefined ? {} : { trustProxy: o.trustProxy }),
    ...(o.forward === undefined ? {} : { forward: o.forward }),
    ...(o.logStream ? { logStream: o.logStream } : {}),
  });
  try {
    await server.app.listen({ host: o.host ?? '127.0.0.1', port: o.port ?? 8080 });
  } catch (e) {
    await store.close().catch(() => {});
    throw e;
  }
  server.notifier?.start();
  const addr = server.app.server.address();
  const url = typeof addr === 'object' && addr ? `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}` : String(addr);
  let closing: Promise<void> | undefined;
  return {
    url,
    store,
    server,
    close() {
      closing ??= server.close().finally(() => store.close());
      return closing;
    },
  };
}
