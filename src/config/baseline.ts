import { readFileSync } from 'node:fs';
import { KeylintError, lazyZod, type Finding } from '../engine/index.js';

/** The default baseline file name. */
export const BASELINE_FILE = '.keylint-baseline.json';

/** One baseline entry: only what identifies a finding and helps a reviewer, never the secret itself. */
export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file: string;
  line: number;
  redacted: string;
}

// Built on first read, so a scan without a baseline never loads zod.
function baselineSchema() {
  const { z } = lazyZod();
  const entry = z.object({
    fingerprint: z.string().regex(/^[0-9a-f]{32}$/),
    ruleId: z.string(),
    file: z.string(),
    line: z.number().int(),
    redacted: z.string(),
  });
  return z.object({ version: z.literal(1), findings: z.array(entry) });
}
export interface Baseline {
  version: 1;
  findings: BaselineEntry[];
}

/** A baseline of these findings: one entry per fingerprint, in file and line order. */
export function createBaseline(findings: readonly Finding[]): Baseline {
  const byPrint = new Map<string, BaselineEntry>();
  for (const f of findings) {
    if (!byPrint.has(f.fingerprint))
      byPrint.set(f.fingerprint, { fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.file, line: f.line, redacted: f.redacted });
  }
  const entries = [...byPrint.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  return { version: 1, findings: entries };
}

/**
 * Keeps the entries that still occur in `findings` (matched by fingerprint) and drops the
 * rest; locations are refreshed. New findings are not added: that is what `create` is for.
 */
export function updateBaseline(old: Baseline, findings: readonly Finding[]): { baseline: Baseline; kept: number; dropped: number } {
  const current = new Map(createBaseline(findings).findings.map((e) => [e.fingerprint, e]));
  const kept = old.findings.flatMap((e) => {
    const now = current.get(e.fingerprint);
    return now ? [now] : [];
  });
  return { baseline: { version: 1, findings: kept }, kept: kept.length, dropped: old.findings.length - kept.length };
}

/** The JSON text of a baseline (stable, one entry per line block). */
export function serializeBaseline(b: Baseline): string {
  return JSON.stringify(b, null, 2) + '\n';
}

/** Reads a baseline file; a missing or malformed file is a one-line error naming it. */
export function readBaseline(path: string, label = path): Baseline {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new KeylintError(`baseline ${label}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new KeylintError(`baseline ${label}: invalid JSON (${jsonProblem(e)})`);
  }
  const parsed = baselineSchema().safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new KeylintError(`baseline ${label}: ${issue.path.join('.') || 'file'}: ${issue.message}`);
  }
  return parsed.data;
}

/** A filter that drops findings recorded in the baseline. */
export function baselineMatcher(b: Baseline): (f: Finding) => boolean {
  const prints = new Set(b.findings.map((e) => e.fingerprint));
  return (f) => prints.has(f.fingerprint);
}

/**
 * A JSON.parse error without the excerpt of the text V8 quotes (`Unexpected token 'g',
 * "ghp_abc"... is not valid JSON`): a file passed as a baseline by mistake may be full of
 * secrets. Keeps the position when V8 gives one.
 */
function jsonProblem(e: unknown): string {
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
  const position = /at position (\d+)/.exec(message)?.[1];
  if (/Unexpected end of JSON input/.test(message)) return 'the file ends in the middle of a value';
  return position ? `unexpected character at position ${position}` : 'not valid JSON';
}
