/**
 * Fixed-window request counter per source address. Runs before signature checks so a
 * flood of forged requests costs a map lookup, not an ECDSA verification.
 */
export class RateLimiter {
  private windowStart = 0;
  private counts = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request; returns the seconds to wait when over the limit, else 0. */
  hit(source: string): number {
    const t = this.now();
    if (t - this.windowStart >= this.windowMs) {
      // Dropping the whole map each window keeps memory bounded by one window's sources.
      this.windowStart = t;
      this.counts = new Map();
    }
    const n = (this.counts.get(source) ?? 0) + 1;
    this.counts.set(source, n);
    return n > this.limit ? Math.ceil((this.windowStart + this.windowMs - t) / 1000) : 0;
  }
}
