import { latestRun, queryLocations, type LocationRow, type OrgFilter } from '../org/report.js';
import type { OrgStore } from '../org/store.js';

/** One revoked key from the webhook's store (its tables, read-only: the dashboard never writes them). */
export interface RevocationRow {
  id: string;
  prefix: string;
  owner: string;
  revoked_at: string;
  revoked_source: string | null;
  revoked_reason: string | null;
}

export interface AuditRow {
  id: string;
  key_id: string;
  action: string;
  source: string;
  reason: string;
  at: string;
}

export interface RunRow {
  id: string;
  source: string;
  started_at: Date;
  repos: number;
  done: string;
  failed: string;
}

export interface RepoStatusRow {
  repo: string;
  status: string;
  reason: string | null;
  blobs: number | null;
  duration_ms: number | null;
}

/** Everything one dashboard page shows. */
export interface DashboardData {
  filter: OrgFilter & { newOnly: boolean };
  latestRun: number | undefined;
  runs: RunRow[];
  locations: LocationRow[];
  repos: string[];
  providers: string[];
  latestStatus: RepoStatusRow[];
  /** Undefined when the webhook has never run against this database (its tables are absent). */
  revocations: RevocationRow[] | undefined;
  audit: AuditRow[] | undefined;
}

/** Reads the org tables and, when present, the webhook's issued_keys and audit_log in the same schema. */
export async function loadDashboard(store: OrgStore, filter: OrgFilter & { newOnly: boolean }): Promise<DashboardData> {
  const latest = await latestRun(store);
  const sinceRun = filter.newOnly ? latest : filter.sinceRun;
  const locations = latest === undefined && filter.newOnly ? [] : await queryLocations(store, { ...filter, ...(sinceRun !== undefined ? { sinceRun } : {}) });
  const runs = await store.query<RunRow>(
    `SELECT r.id, r.source, r.started_at, r.repos,
            count(*) FILTER (WHERE rr.status = 'done') AS done, count(*) FILTER (WHERE rr.status = 'failed') AS failed
       FROM org_runs r LEFT JOIN org_repo_runs rr ON rr.run_id = r.id GROUP BY r.id ORDER BY r.id DESC LIMIT 10`,
  );
  const repos = (await store.query<{ name: string }>('SELECT name FROM org_repos ORDER BY name')).map((r) => r.name);
  const providers = (await store.query<{ provider: string }>('SELECT DISTINCT provider FROM org_secrets ORDER BY provider')).map((r) => r.provider);
  const latestStatus =
    latest === undefined
      ? []
      : await store.query<RepoStatusRow>('SELECT repo, status, reason, blobs, duration_ms FROM org_repo_runs WHERE run_id = $1 ORDER BY repo', [latest]);
  const [{ present } = { present: false }] = await store.query<{ present: boolean }>(
    "SELECT to_regclass('issued_keys') IS NOT NULL AND to_regclass('audit_log') IS NOT NULL AS present",
  );
  const revocations = present
    ? await store.query<RevocationRow>(
        'SELECT id, prefix, owner, revoked_at, revoked_source, revoked_reason FROM issued_keys WHERE revoked_at IS NOT NULL ORDER BY revoked_at DESC, id LIMIT 500',
      )
    : undefined;
  const audit = present ? await store.query<AuditRow>('SELECT id, key_id, action, source, reason, at FROM audit_log ORDER BY id DESC LIMIT 500') : undefined;
  return { filter, latestRun: latest, runs, locations, repos, providers, latestStatus, revocations, audit };
}
