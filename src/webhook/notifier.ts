import type { KeyStore, Notification } from './store/types.js';

export interface NotifierOptions {
  url: string;
  /** Attempts before a notice is marked failed. */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt (with jitter), capped at maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  /** How often to look for due notices (retries, and revocations made by other processes). */
  pollMs?: number;
  log?: (msg: string) => void;
}

/**
 * Delivers the outbox: each revocation wrote a notice in its own transaction, so a notice
 * exists for every revocation even if this process dies; delivery is at-least-once,
 * retried with exponential backoff, and every attempt is recorded on the row.
 */
export class Notifier {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly store: KeyStore,
    private readonly options: NotifierOptions,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.kick(), this.options.pollMs ?? 5000);
    this.timer.unref();
    this.kick();
  }

  /** Delivers due notices now (called after each revocation). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((e: Error) => this.options.log?.(`notifier: ${e.message}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Stops polling and waits for the delivery in progress; undelivered notices stay in the outbox. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async drain(): Promise<void> {
    const lease = (this.options.timeoutMs ?? 5000) * 2;
    for (;;) {
      if (this.stopped) return;
      const due = await this.store.claimNotifications(Date.now(), 20, lease);
      if (due.length === 0) return;
      await Promise.all(due.map((n) => this.deliver(n)));
    }
  }

  private async deliver(n: Notification): Promise<void> {
    const at = () => new Date().toISOString();
    try {
      const res = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'keylint-webhook' },
        body: n.payload,
        // The notice goes to the URL configured, not wherever that URL redirects to.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return this.store.recordDelivery(n.id, { ok: true, status: res.status, at: at() });
      await this.failed(n, `HTTP ${res.status}`, res.status);
    } catch (e) {
      await this.failed(n, (e as Error).name === 'TimeoutError' ? 'timeout' : (e as Error).message.slice(0, 200));
    }
  }

  private async failed(n: Notification, error: string, status?: number): Promise<void> {
    const attempt = n.attempts + 1;
    const max = this.options.maxAttempts ?? 8;
    const delay = Math.min(this.options.maxDelayMs ?? 300_000, (this.options.baseDelayMs ?? 1000) * 2 ** (attempt - 1));
    const retryAt = attempt >= max ? undefined : Date.now() + Math.round(delay * (0.75 + Math.random() * 0.5));
    if (retryAt === undefined) this.options.log?.(`notifier: gave up on notice ${n.id} for ${n.keyId} after ${attempt} attempts (${error})`);
    await this.store.recordDelivery(n.id, {
      ok: false,
      error,
      at: new Date().toISOString(),
      ...(status === undefined ? {} : { status }),
      ...(retryAt === undefined ? {} : { retryAt }),
    });
    // A short backoff should not wait for the next poll.
    if (retryAt !== undefined && retryAt - Date.now() < (this.options.pollMs ?? 5000)) {
      // A few ms of slack: timers may fire a hair before Date.now() reaches retryAt.
      setTimeout(() => this.kick(), Math.max(0, retryAt - Date.now()) + 5).unref();
    }
  }
}
