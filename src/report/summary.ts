import { SEVERITIES, type Finding, type Kind, type Severity } from '../engine/index.js';

/** Findings counted by kind and, within each kind, by severity (every severity present, zeros included). */
export type Counts = Record<Kind, Record<Severity, number>>;

export function countFindings(findings: readonly Finding[]): Counts {
  const empty = () => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const counts: Counts = { secret: empty(), publishable: empty() };
  for (const f of findings) counts[f.kind][f.severity]++;
  return counts;
}

/** Secrets first, most severe first, then by place: the order a reader should act in. */
export function byUrgency(a: Finding, b: Finding): number {
  if (a.kind !== b.kind) return a.kind === 'secret' ? -1 : 1;
  const bySeverity = SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity);
  if (bySeverity) return bySeverity;
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}

/** Where a finding came from in history, as one short phrase (empty for working-tree findings). */
export function commitPhrase(f: Finding): string {
  if (!f.commit) return '';
  const who = f.author ? ` by ${f.author}` : '';
  const when = f.date ? ` on ${f.date.slice(0, 10)}` : '';
  const gone = f.inHead === false ? '; no longer in HEAD' : '';
  return `commit ${f.commit.slice(0, 12)}${who}${when}${gone}`;
}

/** What verification found, as a phrase (`verified live: user: octocat`), or '' when the run did not verify. */
export function verificationPhrase(f: Finding): string {
  const v = f.verification;
  if (!v) return '';
  const label = { verified: 'verified live', invalid: 'verified dead (the provider rejected it)', unknown: 'not verified', error: 'verification failed' }[
    v.status
  ];
  return v.detail ? `${label}: ${v.detail}` : label;
}
