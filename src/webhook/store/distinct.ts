import type { RevocationRequest } from './types.js';

/** One request per token hash, the first one kept: partners deliver at least once and may repeat a token in a batch. */
export function distinct(requests: RevocationRequest[]): RevocationRequest[] {
  const seen = new Map<string, RevocationRequest>();
  for (const r of requests) if (!seen.has(r.tokenHash)) seen.set(r.tokenHash, r);
  return [...seen.values()];
}
