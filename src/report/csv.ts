import type { Finding } from '../engine/index.js';
import type { Reporter } from './types.js';

const COLUMNS = [
  'ruleId',
  'provider',
  'title',
  'kind',
  'severity',
  'confidence',
  'file',
  'line',
  'column',
  'endLine',
  'endColumn',
  'fingerprint',
  'redacted',
  'entropy',
  'reason',
  'commit',
  'author',
  'date',
  'inHead',
  'docs',
] as const satisfies readonly (keyof Finding)[];

/**
 * One RFC 4180 field. Paths and names come from the scanned repository, so a cell that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading `'` (OWASP's
 * advice for CSV injection); numbers are written as they are.
 */
export function csvField(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `--format csv`: RFC 4180 (CRLF line ends, a header row), one row per finding, publishable ones included. */
export const csvReporter: Reporter = (report) => {
  const rows = [COLUMNS.join(',')];
  for (const f of report.findings) rows.push(COLUMNS.map((c) => csvField(f[c] as string | number | boolean | undefined)).join(','));
  return rows.join('\r\n') + '\r\n';
};
