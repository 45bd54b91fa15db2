import { createHash } from 'node:crypto';

/**
 * A stable id for a finding: the same secret found by the same rule has the same
 * fingerprint wherever it moves, so baselines survive refactors.
 */
export function fingerprint(ruleId: string, secret: string): string {
  return createHash('sha256').update(ruleId).update('\0').update(secret).digest('hex').slice(0, 32);
}
