import type pg from 'pg';
import { KeylintError } from '../engine/index.js';
import { loadPg } from './optional.js';
import { ORG_MIGRATIONS } from './migrations.js';
import type { RepoRef, RepoScanOutcome, StoredLocation, StoredSecret } from './types.js';

// Any constant other than the webhook's: serializes org migrations when several workers start at once.
const MIGRATION_LOCK = 0x6f726773;

export interface OrgStoreOptions {
  databaseUrl: string;
  /** A schema to create and use instead of `public` (tests use one per run). */
  schema?: string;
  max?: number;
}

/** Where a repository's scanning stands: the commits scanned last, for the next incremental scan. */
export interface RepoState {
  name: string;
  url: string;
  lastTips: string[];
}

/**
 * The organisation scan's Postgres store: runs, repositories (with their last scanned tips),
 * secrets deduplicated by fingerprint across repositories, and every location of each one.
 * Tables are prefixed `org_` so they sit beside the webhook's in one schema.
 */
export class OrgStore {
  private constructor(
    private readonly pool: pg.Pool,
    readonly schema: string | undefined,
  ) {}

  /** Connects and brings the org tables up to date; safe from several processes at once. */
  static async open(options: OrgStoreOptions): Promise<OrgStore> {
    if (options.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) {
      throw new KeylintError(`--schema ${options.schema}: lower-case letters, digits and _ only`);
    }
    const Pg = await loadPg();
    const pool = new Pg.Pool({
      connectionString: options.databaseUrl,
      max: options.max ?? 4,
      connectionTimeoutMillis: 10_000,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    // An idle client losing its connection must not crash a worker; the next query reconnects.
    pool.on('error', () => {});
    const store = new OrgStore(pool, options.schema);
    try {
      await store.migrate();
    } catch (e) {
      await pool.end().catch(() => {});
      throw new KeylintError(`database: ${databaseReason(e)}`);
    }
    return store;
  }

  private async migrate(): Promise<void> {
    await this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      if (this.schema) await c.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await c.query('CREATE TABLE IF NOT EXISTS org_schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)');
      const done = new Set((await c.query<{ version: number }>('SELECT version FROM org_schema_migrations')).rows.map((r) => Number(r.version)));
      for (const m of ORG_MIGRATIONS) {
        if (done.has(m.version)) continue;
        for (const sql of m.statements) await c.query(sql);
        await c.query('INSERT INTO org_schema_migrations (version, applied_at) VALUES ($1, now())', [m.version]);
      }
    });
  }

  async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }

  /** Runs a read-only query (the report and the dashboard). */
  async query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.pool.query<R>(sql, params)).rows;
  }

  /** Starts a run: the repositories it lists are recorded as queued, so a report can tell what never finished. */
  async startRun(source: string, repos: readonly RepoRef[]): Promise<number> {
    return this.tx(async (c) => {
      const run = (
        await c.query<{ id: string }>('INSERT INTO org_runs (source, started_at, repos) VALUES ($1, now(), $2) RETURNING id', [source, repos.length])
      ).rows[0]!;
      const id = Number(run.id);
      for (const r of repos) {
        await c.query('INSERT INTO org_repos (name, url) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET url = EXCLUDED.url', [r.name, r.url]);
        await c.query("INSERT INTO org_repo_runs (run_id, repo, status) VALUES ($1, $2, 'queued') ON CONFLICT DO NOTHING", [id, r.name]);
      }
      return id;
    });
  }

  async repoState(name: string): Promise<RepoState | undefined> {
    const r = (
      await this.pool.query<{ name: string; url: string; last_tips: string[] | null }>('SELECT name, url, last_tips FROM org_repos WHERE name = $1', [name])
    ).rows[0];
    return r && { name: r.name, url: r.url, lastTips: r.last_tips ?? [] };
  }

  async markRunning(runId: number, repo: RepoRef, attempt: number): Promise<void> {
    await this.pool.query('INSERT INTO org_repos (name, url) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [repo.name, repo.url]);
    await this.pool.query(
      `INSERT INTO org_repo_runs (run_id, repo, status, attempts, started_at) VALUES ($1, $2, 'running', $3, now())
       ON CONFLICT (run_id, repo) DO UPDATE SET status = 'running', attempts = $3, started_at = now(), reason = NULL`,
      [runId, repo.name, attempt],
    );
  }

  /**
   * Records one repository's scan in a single transaction: its secrets and locations (each
   * inserted once, whoever gets there first), its new tips and the run's outcome. A worker
   * killed before COMMIT leaves nothing; a retry writing the same rows adds nothing.
   */
  async recordScan(runId: number, repo: RepoRef, secrets: StoredSecret[], locations: StoredLocation[], outcome: RepoScanOutcome): Promise<void> {
    await this.tx(async (c) => {
      // Serializes two writers of one repository (a retry racing a slow original) on its row.
      await c.query('SELECT 1 FROM org_repos WHERE name = $1 FOR UPDATE', [repo.name]);
      for (const s of secrets) {
        await c.query(
          `INSERT INTO org_secrets (fingerprint, rule_id, provider, title, kind, severity, confidence, redacted, reason, docs, first_run, first_seen_at, verification, verified_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now(), $12::text, CASE WHEN $12::text IS NULL THEN NULL ELSE now() END)
           ON CONFLICT (fingerprint) DO UPDATE SET verification = COALESCE(EXCLUDED.verification, org_secrets.verification),
             verified_at = COALESCE(EXCLUDED.verified_at, org_secrets.verified_at)`,
          [s.fingerprint, s.ruleId, s.provider, s.title, s.kind, s.severity, s.confidence, s.redacted, s.reason, s.docs ?? null, runId, s.verification ?? null],
        );
      }
      for (const l of locations) {
        await c.query(
          `INSERT INTO org_locations (fingerprint, repo, commit, file, line, col, author, committed_at, in_head, first_run, found_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now()) ON CONFLICT (fingerprint, repo, commit, file, line, col) DO NOTHING`,
          [l.fingerprint, repo.name, l.commit, l.file, l.line, l.column, l.author ?? null, l.date ?? null, l.inHead ?? null, runId],
        );
      }
      await c.query('UPDATE org_repos SET url = $2, last_tips = $3, last_scanned_at = now(), last_run = $4 WHERE name = $1', [
        repo.name,
        repo.url,
        JSON.stringify(outcome.tips),
        runId,
      ]);
      await c.query(
        `INSERT INTO org_repo_runs (run_id, repo, status, attempts, blobs, bytes, duration_ms, incremental, finished_at)
         VALUES ($1, $2, 'done', $3, $4, $5, $6, $7, now())
         ON CONFLICT (run_id, repo) DO UPDATE SET status = 'done', reason = NULL, attempts = $3, blobs = $4, bytes = $5, duration_ms = $6, incremental = $7, finished_at = now()`,
        [runId, repo.name, outcome.attempt, outcome.blobs, outcome.bytes, outcome.durationMs, outcome.incremental],
      );
    });
  }

  /** Records why a repository's scan failed; `final` when no retry is left. */
  async recordFailure(runId: number, repo: RepoRef, attempt: number, reason: string, final: boolean): Promise<void> {
    await this.pool.query('INSERT INTO org_repos (name, url) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [repo.name, repo.url]);
    await this.pool.query(
      `INSERT INTO org_repo_runs (run_id, repo, status, attempts, reason, finished_at) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (run_id, repo) DO UPDATE SET status = $3, attempts = $4, reason = $5, finished_at = now()
       WHERE org_repo_runs.status <> 'done'`,
      [runId, repo.name, final ? 'failed' : 'retrying', attempt, reason.slice(0, 500)],
    );
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** A database error as one line without the connection string (it may hold a password). */
export function databaseReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ECONNREFUSED') return 'connection refused';
  return (err.message ?? String(e)).split('\n')[0]!.replace(/postgres(ql)?:\/\/\S+/g, 'postgres://…');
}
