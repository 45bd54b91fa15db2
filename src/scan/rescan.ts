import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { KeylintError, type Scanner, type Finding, type VerificationStatus } from '../engine/index.js';
import { decodeText, looksBinary } from '../sources/content.js';
import { gitBuffer } from '../sources/git/git.js';

/** One finding as a `--format json` report records it: where it is and what it is, never the value. */
export interface FindingRecord {
  ruleId: string;
  provider: string;
  file: string;
  line: number;
  fingerprint: string;
  redacted: string;
  commit?: string;
  verification?: { status: VerificationStatus; detail?: string };
}

const STATUSES = new Set(['verified', 'invalid', 'unknown', 'error']);

/** Reads a keylint JSON report (`version: 1`); every problem names the file and the field. */
export function parseFindingsReport(text: string, label: string): FindingRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new KeylintError(`${label}: not JSON (${(e as Error).message.split('\n')[0]})`);
  }
  const report = data as { version?: unknown; findings?: unknown };
  if (report?.version !== 1 || !Array.isArray(report.findings))
    throw new KeylintError(`${label}: not a keylint JSON report (expected "version": 1 and a "findings" list; write one with --format json)`);
  return report.findings.map((raw, i) => {
    const f = raw as Record<string, unknown>;
    const field = (name: string, type: 'string' | 'number', optional = false) => {
      const value = f?.[name];
      if (value === undefined && optional) return undefined;
      if (typeof value !== type) throw new KeylintError(`${label}: findings[${i}].${name}: expected a ${type}`);
      return value;
    };
    const verification = f.verification as FindingRecord['verification'] | undefined;
    if (verification !== undefined && !STATUSES.has(String(verification?.status)))
      throw new KeylintError(`${label}: findings[${i}].verification.status: unknown status`);
    return {
      ruleId: field('ruleId', 'string') as string,
      provider: field('provider', 'string') as string,
      file: field('file', 'string') as string,
      line: field('line', 'number') as number,
      fingerprint: field('fingerprint', 'string') as string,
      redacted: field('redacted', 'string') as string,
      commit: field('commit', 'string', true) as string | undefined,
      ...(verification && { verification }),
    };
  });
}

/** The text a record points at: the working-tree file under `root`, or the blob at its commit. */
async function textAt(record: FindingRecord, root: string): Promise<string | undefined> {
  const abs = resolve(root, record.file);
  const rel = relative(root, abs);
  if (rel.startsWith('..') || isAbsolute(rel)) return undefined; // a findings file cannot point outside the root
  try {
    const bytes = record.commit ? await gitBuffer(root, ['cat-file', 'blob', `${record.commit}:${rel.split('\\').join('/')}`]) : readFileSync(abs);
    return looksBinary(bytes) ? undefined : decodeText(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Gets back the raw values of the findings a JSON report names: a report never holds them,
 * so each named file (or, for history findings, the blob at the named commit) is scanned
 * again and a finding with the same fingerprint (rule + value) is taken. A value no longer
 * there is returned in `missing`.
 */
export async function rescanFindings(
  records: readonly FindingRecord[],
  options: { root: string; scanner: Scanner },
): Promise<{ found: Finding[]; missing: FindingRecord[] }> {
  const found: Finding[] = [];
  const missing: FindingRecord[] = [];
  const byPlace = new Map<string, FindingRecord[]>();
  for (const r of records) {
    const key = `${r.commit ?? ''}\0${r.file}`;
    byPlace.set(key, [...(byPlace.get(key) ?? []), r]);
  }
  for (const group of byPlace.values()) {
    const first = group[0]!;
    const text = await textAt(first, options.root);
    const scanned = text === undefined ? [] : options.scanner.scan({ path: first.file, text });
    for (const record of group) {
      const match = scanned.find((f) => f.fingerprint === record.fingerprint && f.ruleId === record.ruleId);
      if (!match) {
        missing.push(record);
        continue;
      }
      match.file = record.file;
      if (record.commit) match.commit = record.commit;
      found.push(match);
    }
  }
  return { found, missing };
}
