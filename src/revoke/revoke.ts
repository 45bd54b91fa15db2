import { createSender, type HttpLimits, type Send } from '../verify/index.js';
import { allowedHostsFor } from '../verify/endpoints.js';
import { RateLimited, VerifyRefused } from '../verify/errors.js';
import { githubRevoker } from './github.js';
import { gitlabRevoker } from './gitlab.js';
import { slackRevoker } from './slack.js';
import type { RevokeCandidate, RevokeOutcome, Revoker } from './types.js';

/** Providers with a documented revocation API, GitHub first. */
export const REVOKERS: readonly Revoker[] = [githubRevoker, slackRevoker, gitlabRevoker];

export interface RevokeOptions extends HttpLimits {
  /** Only say what would be revoked (the default of `keylint revoke`). */
  dryRun: boolean;
  /** API base by provider id (`--verify-endpoint github=URL`). */
  endpoints?: ReadonlyMap<string, string>;
  /** Called with each outcome as it is known (the audit log). */
  onOutcome?: (outcome: RevokeOutcome) => void;
  send?: Send;
  revokers?: readonly Revoker[];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Revokes each value at its provider, batched within the provider's limits. The same value
 * found in several places is sent once. Values no revoker takes are returned in `unsupported`.
 */
export async function revokeCandidates(
  candidates: readonly RevokeCandidate[],
  options: RevokeOptions,
): Promise<{ outcomes: RevokeOutcome[]; unsupported: RevokeCandidate[] }> {
  const revokers = options.revokers ?? REVOKERS;
  const send = options.send ?? createSender(options);
  const outcomes: RevokeOutcome[] = [];
  const record = (o: RevokeOutcome) => {
    outcomes.push(o);
    options.onOutcome?.(o);
  };
  const unsupported: RevokeCandidate[] = [];
  const byRevoker = new Map<Revoker, RevokeCandidate[]>();
  const seen = new Set<string>();
  for (const c of candidates) {
    if (seen.has(c.secret)) continue;
    seen.add(c.secret);
    const revoker = revokers.find((r) => r.accepts(c));
    if (!revoker) unsupported.push(c);
    else byRevoker.set(revoker, [...(byRevoker.get(revoker) ?? []), c]);
  }
  for (const [revoker, list] of byRevoker) {
    if (options.dryRun) {
      for (const candidate of list) record({ candidate, revoker: revoker.id, status: 'would-revoke' });
      continue;
    }
    const override = options.endpoints?.get(revoker.id);
    const endpoint = override ?? revoker.endpoint;
    const allowedHosts = allowedHostsFor(endpoint, undefined, override !== undefined);
    for (const batch of chunks(list, revoker.batchSize)) {
      try {
        for (const o of await revoker.revoke(batch, { endpoint, allowedHosts, send, ratePerSecond: revoker.ratePerSecond }))
          record({ ...o, revoker: revoker.id });
      } catch (e) {
        const detail =
          e instanceof RateLimited ? 'rate limited by the provider' : e instanceof VerifyRefused ? e.message : (e as Error).message || 'network error';
        for (const candidate of batch) record({ candidate, revoker: revoker.id, status: 'failed', detail });
      }
    }
  }
  return { outcomes, unsupported };
}

/** One audit-log line for an outcome: when, what, which key (redacted, with its fingerprint), where, and the result. */
export function auditLine(o: RevokeOutcome, now = new Date()): string {
  const c = o.candidate;
  return [now.toISOString(), o.status, o.revoker, c.ruleId, c.redacted, `fingerprint=${c.fingerprint}`, `${c.file}:${c.line}`, o.detail ? `(${o.detail})` : '']
    .filter(Boolean)
    .join(' ');
}
