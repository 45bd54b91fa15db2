import { KeylintError } from '../engine/index.js';
import { loadBullmq } from './optional.js';
import { connectionOf, openQueue, pendingJobs, type QueueOptions } from './queue.js';
import { scanRepository, type RepoScanOptions, type RepoScanSummary } from './repo-scan.js';
import type { OrgStore } from './store.js';
import type { OrgJob } from './types.js';

export interface WorkerOptions extends QueueOptions {
  store: OrgStore;
  scan: RepoScanOptions;
  /** Repositories scanned at once by this process (default 1: the scan itself uses the cores). */
  concurrency: number;
  /** How long a job's lock lasts without renewal: a killed worker's job returns to the queue after about this long. */
  lockMs: number;
  /** Stop once the queue has nothing waiting, delayed or active (batch runs, tests, the bench). */
  drain: boolean;
  log: (line: string) => void;
}

export interface RunningWorker {
  /** Resolves when the worker stops: drained, or closed. */
  done: Promise<void>;
  close: () => Promise<void>;
  scanned: RepoScanSummary[];
}

/** Takes repository jobs off the queue and scans them until closed (or, with `drain`, until none are left). */
export async function startWorker(o: WorkerOptions): Promise<RunningWorker> {
  const { Worker } = await loadBullmq();
  const connection = connectionOf(o.redisUrl);
  // Proves Redis answers before taking jobs; with --drain it is also what counts what is left.
  const queue = await openQueue(o);
  const scanned: RepoScanSummary[] = [];
  const worker = new Worker<OrgJob>(
    o.queue,
    async (job) => {
      const attempt = job.attemptsMade + 1;
      const attempts = job.opts.attempts ?? 1;
      o.log(`scanning ${job.data.repo.name} (run ${job.data.runId}, attempt ${attempt}/${attempts})`);
      try {
        const summary = await scanRepository(o.store, job.data, attempt, o.scan);
        scanned.push(summary);
        o.log(
          `done ${summary.repo}: ${summary.incremental ? 'incremental, ' : ''}${summary.blobs} blobs, ${summary.findings} findings, ${summary.durationMs} ms`,
        );
        return { blobs: summary.blobs, findings: summary.findings };
      } catch (e) {
        const reason = e instanceof KeylintError ? e.message : `internal error: ${(e as Error).message?.split('\n')[0] ?? String(e)}`;
        const final = attempt >= attempts;
        o.log(`${final ? 'failed' : 'will retry'} ${job.data.repo.name}: ${reason}`);
        await o.store.recordFailure(job.data.runId, job.data.repo, attempt, reason, final).catch(() => {});
        throw new Error(reason);
      }
    },
    {
      connection,
      concurrency: o.concurrency,
      lockDuration: o.lockMs,
      stalledInterval: Math.max(500, Math.floor(o.lockMs / 2)),
      // A job whose worker died is put back twice; a third death marks it failed rather than loop.
      maxStalledCount: 2,
      autorun: true,
    },
  );
  let fatal: Error | undefined;
  let lastError = '';
  worker.on('error', (e) => {
    if ((e as NodeJS.ErrnoException).code === 'ECONNREFUSED') fatal ??= new KeylintError('redis: connection refused (is Redis running at --redis-url?)');
    // One line per distinct error: a Redis outage must not flood the log with stacks.
    const line = e.message.split('\n')[0] ?? String(e);
    if (line !== lastError) o.log(`queue error: ${line}`);
    lastError = line;
  });
  queue.on('error', () => {});
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await worker.close();
  };
  const done = (async () => {
    if (!o.drain) {
      await new Promise<void>((resolve) => worker.once('closed', () => resolve()));
      await queue.close().catch(() => {});
      return;
    }
    try {
      // Two empty looks in a row: a job between a retry's backoff and its return is "delayed", not gone.
      let idle = 0;
      while (!closed && idle < 2) {
        if (fatal) throw fatal;
        await new Promise((r) => setTimeout(r, 300));
        idle = (await pendingJobs(queue)) === 0 ? idle + 1 : 0;
      }
    } finally {
      await queue.close().catch(() => {});
      await close();
    }
  })();
  return { done, close, scanned };
}
