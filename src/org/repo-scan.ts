import type { Finding } from '../engine/index.js';
import { scanHistory } from '../scan/index.js';
import type { ScanVerifyOptions } from '../scan/options.js';
import { presentTips, syncMirror, type MirrorOptions } from './mirror.js';
import type { OrgStore } from './store.js';
import type { OrgJob, StoredLocation, StoredSecret } from './types.js';

export interface RepoScanOptions {
  mirror: MirrorOptions;
  /** Longest the history scan of one repository may take. */
  timeoutMs: number;
  threads?: number;
  config?: string;
  /** Ask providers whether new findings work (the scan layer's verification, docs/verify.md); the status is stored per secret. */
  verify?: ScanVerifyOptions;
  /** Crash tests only: wait this long after scanning and before writing, so a worker can be killed mid-job. */
  pauseBeforeWriteMs?: number;
  onPause?: () => void;
}

/** What one repository's scan did, for the worker's log and the bench. */
export interface RepoScanSummary {
  repo: string;
  incremental: boolean;
  blobs: number;
  bytes: number;
  findings: number;
  durationMs: number;
}

/**
 * Scans one repository for a job: brings its bare copy up to date, scans only the commits
 * added since the tips recorded last time (all history the first time), and records the
 * findings, the new tips and the outcome in one transaction.
 */
export async function scanRepository(store: OrgStore, job: OrgJob, attempt: number, o: RepoScanOptions): Promise<RepoScanSummary> {
  const started = Date.now();
  const { repo, runId } = job;
  await store.markRunning(runId, repo, attempt);
  const mirror = await syncMirror(repo, o.mirror);
  const state = await store.repoState(repo.name);
  const since = state ? await presentTips(mirror.dir, state.lastTips) : [];
  const incremental = since.length > 0;
  const unchanged = incremental && sameSet(since, mirror.tips);
  let findings: Finding[] = [];
  let blobs = 0;
  let bytes = 0;
  if (!unchanged && mirror.tips.length > 0) {
    const result = await withTimeout(
      scanHistory(mirror.dir, {
        label: repo.name,
        cache: false,
        ...(incremental ? { revisions: [[...mirror.tips, '--not', ...since]] } : {}),
        ...(o.threads !== undefined ? { threads: o.threads } : {}),
        ...(o.config !== undefined ? { config: o.config } : {}),
        ...(o.verify ? { verify: o.verify } : {}),
      }),
      o.timeoutMs,
      `${repo.name}: history scan timed out after ${Math.round(o.timeoutMs / 1000)}s (--job-timeout)`,
    );
    findings = result.findings;
    blobs = result.stats.files;
    bytes = result.stats.bytes;
  }
  if (o.pauseBeforeWriteMs) {
    o.onPause?.();
    await new Promise((r) => setTimeout(r, o.pauseBeforeWriteMs));
  }
  const { secrets, locations } = toRows(findings);
  await store.recordScan(runId, repo, secrets, locations, { tips: mirror.tips, attempt, blobs, bytes, durationMs: Date.now() - started, incremental });
  return { repo: repo.name, incremental, blobs, bytes, findings: findings.length, durationMs: Date.now() - started };
}

/** Findings as the store keeps them: each secret once (no raw value), each place it was seen. */
export function toRows(findings: readonly Finding[]): { secrets: StoredSecret[]; locations: StoredLocation[] } {
  const secrets = new Map<string, StoredSecret>();
  const locations: StoredLocation[] = [];
  for (const f of findings) {
    if (!f.commit) continue;
    if (!secrets.has(f.fingerprint)) {
      const v = f.verification?.status;
      secrets.set(f.fingerprint, {
        fingerprint: f.fingerprint,
        ruleId: f.ruleId,
        provider: f.provider,
        title: f.title,
        kind: f.kind,
        severity: f.severity,
        confidence: f.confidence,
        redacted: f.redacted,
        reason: f.reason,
        ...(f.docs ? { docs: f.docs } : {}),
        ...(v ? { verification: v } : {}),
      });
    }
    locations.push({
      fingerprint: f.fingerprint,
      commit: f.commit,
      file: f.file,
      line: f.line,
      column: f.column,
      ...(f.author ? { author: f.author } : {}),
      ...(f.date ? { date: f.date } : {}),
      ...(f.inHead !== undefined ? { inHead: f.inHead } : {}),
    });
  }
  return { secrets: [...secrets.values()], locations };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

async function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
