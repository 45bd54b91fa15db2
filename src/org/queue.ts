import { createHash } from 'node:crypto';
import type { JobType, Queue } from 'bullmq';
import { KeylintError } from '../engine/index.js';
import { loadBullmq, loadIoredis } from './optional.js';
import type { OrgJob, RepoRef } from './types.js';

export const DEFAULT_QUEUE = 'keylint-org';

export interface QueueOptions {
  redisUrl: string;
  queue: string;
}

export interface RetryOptions {
  /** Tries per repository before it is marked failed (default 3). */
  attempts: number;
  /** First retry delay; each later one doubles it. */
  backoffMs: number;
}

/** BullMQ's connection options for a redis:// URL; workers need `maxRetriesPerRequest: null` for blocking calls. */
export function connectionOf(redisUrl: string): { url: string; maxRetriesPerRequest: null } {
  let u: URL;
  try {
    u = new URL(redisUrl);
  } catch {
    throw new KeylintError('--redis-url: not a URL (expected redis://host:6379)');
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new KeylintError('--redis-url: expected a redis:// or rediss:// URL');
  return { url: redisUrl, maxRetriesPerRequest: null };
}

function checkQueueName(name: string): void {
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(name)) throw new KeylintError(`--queue ${name}: letters, digits, . _ and - only`);
}

/**
 * One job per repository. The job id is the run and the repository, so enqueueing a run
 * twice (a retried `org scan`) adds nothing; retries back off exponentially.
 */
export async function enqueueRepos(queue: Queue<OrgJob>, runId: number, repos: readonly RepoRef[], retry: RetryOptions): Promise<number> {
  await withRedis(() =>
    queue.addBulk(
      repos.map((repo) => ({
        name: 'scan-repo',
        data: { runId, repo },
        opts: {
          jobId: jobIdOf(runId, repo.name),
          attempts: retry.attempts,
          backoff: { type: 'exponential', delay: retry.backoffMs },
          removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
          removeOnFail: { age: 30 * 24 * 3600 },
        },
      })),
    ),
  );
  return repos.length;
}

/**
 * A BullMQ queue whose connection is proven first: an unreachable Redis is one line within
 * a few seconds, not endless reconnect attempts with a stack trace each.
 */
export async function openQueue<T>(o: QueueOptions, timeoutMs = 5000): Promise<Queue<T>> {
  checkQueueName(o.queue);
  await pingRedis(o.redisUrl, timeoutMs);
  const { Queue } = await loadBullmq();
  const queue = new Queue<T>(o.queue, { connection: connectionOf(o.redisUrl) });
  await withRedis(() => queue.waitUntilReady());
  return queue;
}

/** One PING with no retries: BullMQ's own clients reconnect forever, so reachability is checked before making one. */
async function pingRedis(redisUrl: string, timeoutMs: number): Promise<void> {
  const Redis = await loadIoredis();
  const client = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
    enableOfflineQueue: false,
  });
  // The client's own error event says why (ECONNREFUSED, ENOTFOUND); the rejected call only says "closed".
  let cause: Error | undefined;
  client.on('error', (e: Error) => (cause ??= e));
  try {
    await withRedis(async () => {
      try {
        await client.connect();
        await client.ping();
      } catch (e) {
        throw cause ?? e;
      }
    });
  } finally {
    client.disconnect();
  }
}

/** How many jobs are still to do or being done on a queue (the worker's `--drain` stops at zero). */
export async function pendingJobs(queue: { getJobCounts: (...types: JobType[]) => Promise<Record<string, number>> }): Promise<number> {
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

export function jobIdOf(runId: number, repo: string): string {
  return `run${runId}-${createHash('sha256').update(repo).digest('hex').slice(0, 24)}`;
}

/** Redis errors as one line: a refused connection names the fix, not a stack. */
export async function withRedis<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (e instanceof KeylintError) throw e;
    if (err.code === 'ECONNREFUSED') throw new KeylintError('redis: connection refused (is Redis running at --redis-url?)');
    if (err.code === 'ENOTFOUND') throw new KeylintError('redis: host not found (check --redis-url)');
    throw new KeylintError(`redis: ${(err.message ?? String(e)).split('\n')[0]}`);
  }
}
