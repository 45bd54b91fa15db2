/** One step of the org schema; released steps are never edited, a change is a new version. */
export interface OrgMigration {
  version: number;
  statements: string[];
}

/**
 * The org scan's tables, beside (never inside) the webhook's: `org_secrets` holds each secret
 * once by fingerprint, `org_locations` every place it was seen; `org_repos.last_tips` are the
 * commits the next scan of a repository starts after.
 */
export const ORG_MIGRATIONS: readonly OrgMigration[] = [
  {
    version: 1,
    statements: [
      `CREATE TABLE org_runs (
        id BIGSERIAL PRIMARY KEY,
        source TEXT NOT NULL,
        started_at TIMESTAMPTZ NOT NULL,
        repos INTEGER NOT NULL
      )`,
      `CREATE TABLE org_repos (
        name TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        last_tips JSONB,
        last_scanned_at TIMESTAMPTZ,
        last_run BIGINT
      )`,
      `CREATE TABLE org_repo_runs (
        run_id BIGINT NOT NULL REFERENCES org_runs(id),
        repo TEXT NOT NULL REFERENCES org_repos(name),
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        reason TEXT,
        blobs INTEGER,
        bytes BIGINT,
        duration_ms INTEGER,
        incremental BOOLEAN,
        started_at TIMESTAMPTZ,
        finished_at TIMESTAMPTZ,
        PRIMARY KEY (run_id, repo)
      )`,
      `CREATE TABLE org_secrets (
        fingerprint TEXT PRIMARY KEY,
        rule_id TEXT NOT NULL,
        provider TEXT NOT NULL,
        title TEXT NOT NULL,
        kind TEXT NOT NULL,
        severity TEXT NOT NULL,
        confidence TEXT NOT NULL,
        redacted TEXT NOT NULL,
        reason TEXT NOT NULL,
        docs TEXT,
        first_run BIGINT NOT NULL,
        first_seen_at TIMESTAMPTZ NOT NULL,
        verification TEXT,
        verified_at TIMESTAMPTZ
      )`,
      `CREATE TABLE org_locations (
        id BIGSERIAL PRIMARY KEY,
        fingerprint TEXT NOT NULL REFERENCES org_secrets(fingerprint),
        repo TEXT NOT NULL REFERENCES org_repos(name),
        commit TEXT NOT NULL,
        file TEXT NOT NULL,
        line INTEGER NOT NULL,
        col INTEGER NOT NULL,
        author TEXT,
        committed_at TEXT,
        in_head BOOLEAN,
        first_run BIGINT NOT NULL,
        found_at TIMESTAMPTZ NOT NULL,
        UNIQUE (fingerprint, repo, commit, file, line, col)
      )`,
      `CREATE INDEX org_locations_repo ON org_locations(repo)`,
      `CREATE INDEX org_secrets_first_run ON org_secrets(first_run)`,
    ],
  },
];
