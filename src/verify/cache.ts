import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CheckResult } from './types.js';

interface Entry extends CheckResult {
  /** Epoch ms after which the entry is stale. */
  expires: number;
}

/**
 * Verification results by finding fingerprint (a hash of rule and secret): a re-run within
 * the TTL asks no provider again. The file never holds a value, only fingerprints and what
 * the provider said. Only definite answers (verified, invalid) are kept; an error is retried.
 */
export class VerifyCache {
  private entries: Record<string, Entry> | undefined;
  private dirty = false;

  constructor(
    private readonly path: string | undefined,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private load(): Record<string, Entry> {
    if (this.entries) return this.entries;
    this.entries = {};
    if (!this.path || this.ttlMs <= 0) return this.entries;
    try {
      const data = JSON.parse(readFileSync(this.path, 'utf8')) as { version?: number; entries?: Record<string, Entry> };
      if (data.version === 1 && data.entries && typeof data.entries === 'object') this.entries = data.entries;
    } catch {
      // No cache yet, or an unreadable one: start empty, it is only a cache.
    }
    return this.entries;
  }

  get(fingerprint: string): CheckResult | undefined {
    const entry = this.load()[fingerprint];
    if (!entry || entry.expires <= this.now()) return undefined;
    const { expires: _expires, ...result } = entry;
    return result;
  }

  set(fingerprint: string, result: CheckResult): void {
    if (this.ttlMs <= 0 || (result.status !== 'verified' && result.status !== 'invalid')) return;
    this.load()[fingerprint] = { ...result, expires: this.now() + this.ttlMs };
    this.dirty = true;
  }

  /** Writes the cache (dropping stale entries); a cache that cannot be written is skipped, not fatal. */
  save(): void {
    if (!this.path || !this.dirty || !this.entries) return;
    const now = this.now();
    const fresh = Object.fromEntries(Object.entries(this.entries).filter(([, e]) => e.expires > now));
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      const tmp = `${this.path}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ version: 1, entries: fresh }), { mode: 0o600 });
      renameSync(tmp, this.path);
      this.dirty = false;
    } catch {
      // Read-only home, full disk: the next run asks again.
    }
  }
}
