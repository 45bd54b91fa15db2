const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
  private readonly nextActual = new Map<string, number>();
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

  /** Waits until a request to this host may actually start: at least one interval after the last one that did. */
  async pace(host: string, ratePerSecond = this.defaultRate): Promise<void> {
    const now = this.now();
    const start = Math.max(now, this.nextActual.get(host) ?? 0);
    this.nextActual.set(host, start + 1000 / ratePerSecond);
    if (start > now) await sleep(start - now);
  }

  /** The host asked for a pause: no request to it starts before `ms` from now. */
  pause(host: string, ms: number): void {
    const until = this.now() + ms;
    this.nextStart.set(host, Math.max(this.nextStart.get(host) ?? 0, until));
    this.nextActual.set(host, Math.max(this.nextActual.get(host) ?? 0, until));
  }
}
