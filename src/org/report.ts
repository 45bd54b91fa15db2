import { attachSecret, type Confidence, type Finding, type Kind, type Severity } from '../engine/index.js';
import type { ScanReport } from '../report/index.js';
import { VERSION } from '../scan/version.js';
import { emptySkips } from '../sources/types.js';
import type { OrgStore } from './store.js';

/** Which findings an org report (or the dashboard) shows. */
export interface OrgFilter {
  /** Only secrets first seen at or after this time (ISO date or timestamp). */
  since?: string;
  /** Only secrets first seen in this run or later. */
  sinceRun?: number;
  repo?: string;
  provider?: string;
  kind?: Kind;
  /** Only secrets a provider confirmed work (verification status `verified`). */
  live?: boolean;
}

/** One stored location with its secret, as the report and the dashboard read them. */
export interface LocationRow {
  fingerprint: string;
  rule_id: string;
  provider: string;
  title: string;
  kind: Kind;
  severity: Severity;
  confidence: Confidence;
  redacted: string;
  reason: string;
  docs: string | null;
  verification: string | null;
  first_run: string;
  first_seen_at: Date;
  repo: string;
  url: string;
  commit: string;
  file: string;
  line: number;
  col: number;
  author: string | null;
  committed_at: string | null;
  in_head: boolean | null;
}

/** Every location of every secret the filter keeps, secrets in first-seen order, locations by repository and path. */
export async function queryLocations(store: OrgStore, f: OrgFilter): Promise<LocationRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.since) add('s.first_seen_at >= ?::timestamptz', f.since);
  if (f.sinceRun !== undefined) add('s.first_run >= ?', f.sinceRun);
  if (f.repo) add('l.repo = ?', f.repo);
  if (f.provider) add('lower(s.provider) = lower(?)', f.provider);
  if (f.kind) add('s.kind = ?', f.kind);
  if (f.live) where.push(`s.verification = 'verified'`);
  return store.query<LocationRow>(
    `SELECT s.fingerprint, s.rule_id, s.provider, s.title, s.kind, s.severity, s.confidence, s.redacted, s.reason, s.docs,
            s.verification, s.first_run, s.first_seen_at, l.repo, r.url, l.commit, l.file, l.line, l.col, l.author, l.committed_at, l.in_head
       FROM org_secrets s JOIN org_locations l ON l.fingerprint = s.fingerprint JOIN org_repos r ON r.name = l.repo
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY s.first_seen_at, s.fingerprint, l.repo, l.file, l.line, l.commit`,
    params,
  );
}

/** The id of the newest run, for `--new` (what the last run found first). */
export async function latestRun(store: OrgStore): Promise<number | undefined> {
  const r = await store.query<{ id: string | null }>('SELECT max(id) AS id FROM org_runs');
  return r[0]?.id ? Number(r[0].id) : undefined;
}

/** Repositories whose scan in a run did not finish, with why: a report must not look clean because a scan failed. */
export async function unfinishedRepos(store: OrgStore, runId: number): Promise<{ repo: string; status: string; reason: string | null }[]> {
  return store.query('SELECT repo, status, reason FROM org_repo_runs WHERE run_id = $1 AND status <> $2 ORDER BY repo', [runId, 'done']);
}

/**
 * The stored findings as a report every existing format can print: one finding per location,
 * its file prefixed with the repository (`acme/api:src/config.ts`). A finding carries no raw
 * secret (the store never had one); its hidden `secret` is empty.
 */
export function toScanReport(rows: readonly LocationRow[]): ScanReport {
  const findings: Finding[] = rows.map((r) =>
    attachSecret(
      {
        ruleId: r.rule_id,
        provider: r.provider,
        title: r.title,
        kind: r.kind,
        severity: r.severity,
        confidence: r.confidence,
        file: `${r.repo}:${r.file}`,
        line: r.line,
        column: r.col,
        endLine: r.line,
        endColumn: r.col,
        start: 0,
        end: 0,
        fingerprint: r.fingerprint,
        redacted: r.redacted,
        entropy: 0,
        reason: r.verification ? `${r.reason} (verified: ${r.verification})` : r.reason,
        ...(r.docs ? { docs: r.docs } : {}),
        commit: r.commit,
        ...(r.author ? { author: r.author } : {}),
        ...(r.committed_at ? { date: r.committed_at } : {}),
        ...(r.in_head !== null ? { inHead: r.in_head } : {}),
      },
      '',
    ),
  );
  return {
    findings,
    stats: { files: 0, bytes: 0, durationMs: 0, rules: 0, skipped: emptySkips(), suppressed: 0 },
    tool: { name: 'keylint', version: VERSION },
  };
}
