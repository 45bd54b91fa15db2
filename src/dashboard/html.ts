import type { LocationRow } from '../org/report.js';
import type { DashboardData } from './queries.js';

/** Escapes text for HTML bodies and attribute values. */
export function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * A web link to a commit, for repositories cloned over https from a GitHub-like host
 * (`https://host/owner/repo(.git)` → `…/commit/<sha>`); none for local paths or ssh URLs.
 */
export function commitLink(url: string, commit: string, file?: string, line?: number): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  const base = `${u.protocol}//${u.host}${u.pathname.replace(/\.git\/?$/, '').replace(/\/+$/, '')}`;
  if (file === undefined) return `${base}/commit/${commit}`;
  return `${base}/blob/${commit}/${file.split('/').map(encodeURIComponent).join('/')}${line ? `#L${line}` : ''}`;
}

/** Secrets grouped with their locations, in first-seen order. */
function bySecret(rows: readonly LocationRow[]): LocationRow[][] {
  const groups = new Map<string, LocationRow[]>();
  for (const r of rows) {
    const g = groups.get(r.fingerprint);
    if (g) g.push(r);
    else groups.set(r.fingerprint, [r]);
  }
  return [...groups.values()];
}

function countBy(rows: readonly LocationRow[][], key: (r: LocationRow) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const g of rows) for (const k of new Set(g.map(key))) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function options(values: readonly string[], chosen: string | undefined, all: string): string {
  return [`<option value="">${esc(all)}</option>`, ...values.map((v) => `<option value="${esc(v)}"${v === chosen ? ' selected' : ''}>${esc(v)}</option>`)].join(
    '',
  );
}

/** The dashboard page: filters, counts by repository and provider, secrets with every location, runs, revocations and audit log. Only redactions, never a value. */
export function renderDashboard(d: DashboardData): string {
  const f = d.filter;
  const secrets = bySecret(d.locations);
  const table = (head: string[], rows: string[][], id: string) =>
    `<table id="${id}"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.join('')}</tr>`).join('')}</tbody></table>`;
  const td = (v: unknown, cls?: string) => `<td${cls ? ` class="${cls}"` : ''}>${esc(v)}</td>`;
  const secretRows = secrets.map((g) => {
    const s = g[0]!;
    const places = g
      .map((l) => {
        const where = `${l.repo}:${l.file}:${l.line}`;
        const commit = commitLink(l.url, l.commit);
        const blob = commitLink(l.url, l.commit, l.file, l.line);
        return `<li class="location">${blob ? `<a href="${esc(blob)}">${esc(where)}</a>` : esc(where)} @ ${commit ? `<a class="commit" href="${esc(commit)}">${esc(l.commit.slice(0, 12))}</a>` : `<code class="commit">${esc(l.commit.slice(0, 12))}</code>`}${l.in_head === false ? ' (no longer in HEAD)' : ''}</li>`;
      })
      .join('');
    return [
      `<td><code class="redacted">${esc(s.redacted)}</code></td>`,
      td(s.provider),
      td(s.rule_id),
      td(s.kind === 'secret' ? s.severity : 'publishable', `sev-${esc(s.kind === 'secret' ? s.severity : 'publishable')}`),
      td(s.verification ?? 'not verified', 'verification'),
      td(`run ${s.first_run}${d.latestRun !== undefined && Number(s.first_run) === d.latestRun ? ' (new)' : ''}`),
      `<td><ul>${places}</ul></td>`,
    ];
  });
  const counts = (title: string, pairs: [string, number][], id: string) =>
    `<section><h2>${esc(title)}</h2>${table(
      ['', 'secrets'],
      pairs.map(([k, n]) => [td(k), td(n)]),
      id,
    )}</section>`;
  const filters = `<form id="filters" method="get" action="/">
    <label>Repository <select name="repo">${options(d.repos, f.repo, 'all repositories')}</select></label>
    <label>Provider <select name="provider">${options(d.providers, f.provider, 'all providers')}</select></label>
    <label>Kind <select name="kind">${options(['secret', 'publishable'], f.kind, 'secrets and publishable')}</select></label>
    <label><input type="checkbox" name="new" value="1"${f.newOnly ? ' checked' : ''}> new in the latest run</label>
    <label><input type="checkbox" name="live" value="1"${f.live ? ' checked' : ''}> verified (works) only</label>
    <button type="submit">Filter</button> <a href="/">clear</a>
  </form>`;
  const webhook =
    d.revocations === undefined || d.audit === undefined
      ? '<section><h2>Revocations</h2><p>The revocation webhook has not used this database (no issued_keys table in this schema).</p></section>'
      : `<section><h2>Revocations</h2>${table(
          ['key', 'prefix', 'owner', 'revoked at', 'source', 'reason'],
          d.revocations.map((r) => [td(r.id), td(r.prefix), td(r.owner), td(r.revoked_at), td(r.revoked_source), td(r.revoked_reason)]),
          'revocations',
        )}</section>
         <section><h2>Audit log</h2>${table(
           ['#', 'key', 'action', 'source', 'reason', 'at'],
           d.audit.map((a) => [td(a.id), td(a.key_id), td(a.action), td(a.source), td(a.reason), td(a.at)]),
           'audit',
         )}</section>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>keylint: organisation findings</title>
<style>body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
ul{margin:0;padding-left:1em}.sev-critical,.sev-high{color:#b00;font-weight:600}code{background:#f4f4f4}form label{margin-right:1em}section{margin-top:1.5em}</style></head>
<body><h1>keylint: organisation findings</h1>
<p>Latest run: ${d.latestRun ?? 'none yet'}. Values are shown redacted only; the database never holds a secret.</p>
${filters}
<section><h2>Secrets (${secrets.length})</h2>${table(['secret (redacted)', 'provider', 'rule', 'severity', 'verification', 'first seen', 'locations'], secretRows, 'findings')}</section>
${counts(
  'By repository',
  countBy(secrets, (r) => r.repo),
  'by-repo',
)}
${counts(
  'By provider',
  countBy(secrets, (r) => r.provider),
  'by-provider',
)}
<section><h2>Latest run by repository</h2>${table(
    ['repository', 'status', 'reason', 'blobs read', 'ms'],
    d.latestStatus.map((r) => [td(r.repo), td(r.status), td(r.reason ?? ''), td(r.blobs ?? ''), td(r.duration_ms ?? '')]),
    'repo-status',
  )}</section>
<section><h2>Runs</h2>${table(
    ['run', 'source', 'started', 'repositories', 'done', 'failed'],
    d.runs.map((r) => [td(r.id), td(r.source), td(r.started_at.toISOString()), td(r.repos), td(r.done), td(r.failed)]),
    'runs',
  )}</section>
${webhook}
</body></html>
`;
}
