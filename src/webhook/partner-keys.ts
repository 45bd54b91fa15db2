import { createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';

const keysDocument = z.object({
  public_keys: z.array(z.object({ key_identifier: z.string().min(1), key: z.string().min(1), is_current: z.boolean().optional() }).passthrough()),
});

export interface PublicKeySourceOptions {
  url: string;
  /** Sent as a bearer token: GitHub rate-limits anonymous reads of the keys endpoint. */
  token?: string;
  timeoutMs?: number;
  /** An unknown key id triggers a refetch at most this often, so forged ids cannot make us hammer the keys URL. */
  minRefetchMs?: number;
  now?: () => number;
}

/**
 * The partner's signing keys (GitHub's `meta/public_keys/secret_scanning` or GitLab's
 * equivalent): fetched on first use, cached, refetched once when a request names a key
 * id we do not know (key rotation). Every listed key is accepted, current or not.
 */
export class PublicKeySource {
  private keys = new Map<string, KeyObject>();
  private fetchedAt = -Infinity;
  private inflight: Promise<void> | undefined;
  // Why the last fetch failed: until one succeeds, an unlisted id means "keys unavailable", not "unknown key".
  private lastFailure: Error | undefined;
  private readonly now: () => number;

  constructor(private readonly options: PublicKeySourceOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The key for `id`, refetching the list once if it is not cached; undefined when the partner does not list it. */
  async get(id: string): Promise<KeyObject | undefined> {
    const cached = this.keys.get(id);
    if (cached) return cached;
    // A fetch already under way (the first requests after start arrive together) may bring the key.
    if (this.inflight) await this.inflight.catch(() => {});
    if (!this.keys.has(id) && this.now() - this.fetchedAt >= (this.options.minRefetchMs ?? 10_000)) await this.refresh();
    const key = this.keys.get(id);
    if (!key && this.lastFailure) throw this.lastFailure;
    return key;
  }

  /** Fetches the key list; concurrent callers share one request. */
  refresh(): Promise<void> {
    this.inflight ??= this.fetchKeys()
      .then(
        () => void (this.lastFailure = undefined),
        (e: unknown) => {
          this.lastFailure = e instanceof Error ? e : new Error(String(e));
          throw e;
        },
      )
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }

  private async fetchKeys(): Promise<void> {
    // Counted as a fetch even if it fails: a down keys URL must not be retried on every request.
    this.fetchedAt = this.now();
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'keylint-webhook' };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    const res = await fetch(this.options.url, { headers, signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000) });
    if (!res.ok) throw new Error(`keys URL answered HTTP ${res.status}`);
    const doc = keysDocument.parse(await res.json());
    const next = new Map<string, KeyObject>();
    for (const k of doc.public_keys) {
      try {
        next.set(k.key_identifier, createPublicKey(k.key));
      } catch {
        // One malformed entry must not take the other keys down with it.
      }
    }
    this.keys = next;
  }
}
