const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// A request reaches its host a few milliseconds after it starts, and not always by the same
// lag: starts 20 ms apart arrived up to 52 in a second at a 50/s limit (bench/verify.mjs). So
// actual starts are spaced 5 % wider than the rate asks.
const PACE_MARGIN = 1.05;

/** Caps how many requests are in flight at once. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/**
 * Spaces requests to each host: at most `ratePerSecond` starts per second, evenly spread, and
 * none while the host has asked us (429 Retry-After) to wait. `take` hands out slots in call
 * order before a request queues for a concurrency slot (so one busy host cannot fill them);
 * `pace` spaces the actual starts once it has one (a request that waited for concurrency could
 * otherwise start together with the ones whose slots came due meanwhile).
 */
export class HostRateLimiter {
  private readonly nextStart = new Map<string, number>();
  private readonly paced = new Map<string, Promise<void>>();
  private readonly lastStart = new Map<string, number>();
  private readonly pausedUntil = new Map<string, number>();
  constructor(
    private readonly defaultRate: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Waits for this host's next slot. */
  async take(host: string, ratePerSecond = this.defaultRate): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextStart.get(host) ?? 0);
    this.nextStart.set(host, slot + 1000 / ratePerSecond);
    if (slot > now) await sleep(slot - now);
  }

  /**
   * Waits until a request to this host may actually start: one interval after the previous
   * start as it happened (a timer that fired late moves the next one back, so a stalled event
   * loop cannot release a burst). Callers for one host go one at a time.
   */
  pace(host: string, ratePerSecond = this.defaultRate): Promise<void> {
    const previous = this.paced.get(host) ?? Promise.resolve();
    const mine = previous.then(async () => {
      const due = Math.max((this.lastStart.get(host) ?? -Infinity) + (1000 / ratePerSecond) * PACE_MARGIN, this.pausedUntil.get(host) ?? 0);
      const wait = due - this.now();
      if (wait > 0) await sleep(wait);
      this.lastStart.set(host, this.now());
    });
    this.paced.set(host, mine);
    return mine;
  }

  /** The host asked for a pause: no request to it starts before `ms` from now. */
  pause(host: string, ms: number): void {
    const until = this.now() + ms;
    this.nextStart.set(host, Math.max(this.nextStart.get(host) ?? 0, until));
    this.pausedUntil.set(host, Math.max(this.pausedUntil.get(host) ?? 0, until));
  }
}
