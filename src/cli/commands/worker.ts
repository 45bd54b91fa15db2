import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { startWorker } from '../../org/worker.js';
import { verifyCacheDir } from '../../scan/verify-options.js';
import type { CommandSpec } from '../command.js';
import { EXIT_CLEAN } from '../io.js';
import { openOrgStore, orgDatabaseOptions, orgQueueOptions, positiveInt, redisUrlOf, type OrgDatabaseArgs, type OrgQueueArgs } from './org-options.js';

type WorkerArgs = OrgDatabaseArgs &
  OrgQueueArgs & {
    concurrency: number;
    lockMs: number;
    drain: boolean;
    cacheDir?: string;
    jobTimeout: number;
    maxRepoSize?: number;
    threads?: number;
    config?: string;
    gitHost: string[];
    verify: boolean;
  };

export const workerCommand: CommandSpec<WorkerArgs> = {
  command: 'worker',
  describe: 'Scan repositories from the org job queue and store what they hold in Postgres (run any number, on any machines)',
  builder: (y: Argv) =>
    orgQueueOptions(
      orgDatabaseOptions(
        y
          .option('concurrency', { type: 'number', default: 1, describe: 'repositories scanned at once by this process' })
          .option('lock-ms', { type: 'number', default: 30_000, describe: 'a job whose worker died returns to the queue after about this long' })
          .option('drain', { type: 'boolean', default: false, describe: 'exit once the queue is empty instead of waiting for more' })
          .option('cache-dir', { type: 'string', describe: 'where bare copies of repositories are kept (default ~/.cache/keylint/repos)' })
          .option('job-timeout', { type: 'number', default: 1800, describe: 'seconds one repository may take (clone and scan each)' })
          .option('max-repo-size', { type: 'number', describe: 'refuse repositories larger than this many KB' })
          .option('threads', { type: 'number', describe: 'scan threads per repository (default one per core)' })
          .option('config', { type: 'string', describe: 'a .keylint.toml applied to every repository' })
          .option('verify', {
            type: 'boolean',
            default: false,
            describe: 'ask providers whether new findings work (docs/verify.md); the status is stored per secret',
          })
          .option('git-host', { type: 'string', array: true, default: ['github.com'], describe: 'HTTPS hosts that get GITHUB_TOKEN when cloning' })
          .epilog(
            'The clone token comes from GITHUB_TOKEN (or KEYLINT_GITHUB_TOKEN). Stops cleanly on SIGINT/SIGTERM: the job in hand finishes or returns to the queue.',
          ),
      ),
    ) as unknown as Argv<WorkerArgs>,
  handler: async (args, io) => {
    for (const [flag, v] of [
      ['--concurrency', args.concurrency],
      ['--lock-ms', args.lockMs],
      ['--job-timeout', args.jobTimeout],
      ['--max-repo-size', args.maxRepoSize],
      ['--threads', args.threads],
    ] as const)
      positiveInt(flag, v);
    const redisUrl = redisUrlOf(args, io);
    const store = await openOrgStore(args, io);
    const token = io.env.GITHUB_TOKEN ?? io.env.KEYLINT_GITHUB_TOKEN;
    const cacheDir = args.cacheDir ? resolve(io.cwd, args.cacheDir) : join(io.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'keylint', 'repos');
    const pause = Number(io.env.KEYLINT_WORKER_PAUSE_BEFORE_WRITE_MS ?? 0);
    const log = (line: string) => io.stderr.write(`keylint worker ${process.pid}: ${line}\n`);
    try {
      const worker = await startWorker({
        redisUrl,
        queue: args.queue,
        store,
        concurrency: args.concurrency,
        lockMs: args.lockMs,
        drain: args.drain,
        log,
        scan: {
          mirror: {
            cacheDir,
            timeoutMs: args.jobTimeout * 1000,
            ...(args.maxRepoSize ? { maxSizeKb: args.maxRepoSize } : {}),
            ...(token ? { token: { value: token, hosts: args.gitHost } } : {}),
          },
          timeoutMs: args.jobTimeout * 1000,
          ...(args.threads ? { threads: args.threads } : {}),
          ...(args.config ? { config: resolve(io.cwd, args.config) } : {}),
          ...(args.verify ? { verify: { verify: true, ...(verifyCacheDir(io.env) ? { cacheDir: verifyCacheDir(io.env)! } : {}), log } } : {}),
          ...(pause > 0 ? { pauseBeforeWriteMs: pause, onPause: () => log('paused before writing (KEYLINT_WORKER_PAUSE_BEFORE_WRITE_MS)') } : {}),
        },
      });
      log(`waiting for jobs on ${args.queue}${args.drain ? ' (until the queue is empty)' : ''}`);
      const stop = (signal: string) => {
        log(`${signal}: finishing the job in hand`);
        void worker.close();
      };
      const onInt = () => stop('SIGINT');
      const onTerm = () => stop('SIGTERM');
      process.once('SIGINT', onInt);
      process.once('SIGTERM', onTerm);
      try {
        await worker.done;
      } finally {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
      }
      log(`stopped after ${worker.scanned.length} repositor${worker.scanned.length === 1 ? 'y' : 'ies'}`);
      return EXIT_CLEAN;
    } finally {
      await store.close();
    }
  },
};
