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
 * none while the host has asked us (429 Retry-After) to wait. Slots are handed out in call
 * order, so concurrent callers cannot start together.
 */
export class HostRateLimiter {
  private readonly nextStart = new Map<string, number>();
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

  /** The host asked for a pause: no request to it starts before `ms` from now. */
  pause(host: string, ms: number): void {
    this.nextStart.set(host, Math.max(this.nextStart.get(host) ?? 0, this.now() + ms));
  }
}
