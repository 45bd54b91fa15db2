import type { Argv } from 'yargs';
import { KeylintError } from '../../engine/index.js';
import { connectionOf, DEFAULT_QUEUE } from '../../org/queue.js';
import { OrgStore } from '../../org/store.js';
import type { CliIO } from '../io.js';

export interface OrgDatabaseArgs {
  databaseUrl?: string;
  schema?: string;
}

export interface OrgQueueArgs {
  redisUrl?: string;
  queue: string;
}

/** `--database-url` / `--schema`: the Postgres the org scan, its report and the dashboard share. */
export function orgDatabaseOptions<T>(y: Argv<T>): Argv<T & OrgDatabaseArgs> {
  return y
    .option('database-url', { type: 'string', describe: 'postgres://… URL of the findings store (or set KEYLINT_DATABASE_URL)' })
    .option('schema', { type: 'string', describe: 'Postgres schema to use instead of public' }) as unknown as Argv<T & OrgDatabaseArgs>;
}

/** `--redis-url` / `--queue`: where `org scan` puts jobs and workers take them. */
export function orgQueueOptions<T>(y: Argv<T>): Argv<T & OrgQueueArgs> {
  return y
    .option('redis-url', { type: 'string', describe: 'redis://… URL of the job queue (or set KEYLINT_REDIS_URL)' })
    .option('queue', { type: 'string', default: DEFAULT_QUEUE, describe: 'queue name (one per fleet of workers)' }) as unknown as Argv<T & OrgQueueArgs>;
}

/** Opens the findings store named by the flags or the environment; the URL is never echoed (it may hold a password). */
export async function openOrgStore(args: OrgDatabaseArgs, io: CliIO): Promise<OrgStore> {
  const databaseUrl = args.databaseUrl ?? io.env.KEYLINT_DATABASE_URL;
  if (!databaseUrl) throw new KeylintError('no findings store: pass --database-url postgres://… or set KEYLINT_DATABASE_URL');
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new KeylintError('--database-url: expected a postgres:// URL');
  return OrgStore.open({ databaseUrl, ...(args.schema ? { schema: args.schema } : {}) });
}

export function redisUrlOf(args: OrgQueueArgs, io: CliIO): string {
  const url = args.redisUrl ?? io.env.KEYLINT_REDIS_URL;
  if (!url) throw new KeylintError('no job queue: pass --redis-url redis://… or set KEYLINT_REDIS_URL');
  connectionOf(url);
  return url;
}

export function positiveInt(flag: string, v: number | undefined): void {
  if (v !== undefined && !(Number.isInteger(v) && v > 0)) throw new KeylintError(`${flag}: must be a positive whole number`);
}
