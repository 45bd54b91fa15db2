import { Scanner } from '../engine/index.js';
import { REVOKERS, revokeCandidates, type RevokeCandidate, type RevokeOutcome } from '../revoke/index.js';
import { loadBuiltinRules } from '../rules/load-rules.js';
import type { Send } from '../verify/index.js';

/** Opt-in forwarding of reported tokens keylint did not issue to their provider's revocation API. */
export interface ForwardOptions {
  /** Revoker ids to forward to (`github`, `slack`, `gitlab`); a provider not named is never contacted. */
  providers: readonly string[];
  /** API base by provider id, as `--verify-endpoint`. */
  endpoints?: ReadonlyMap<string, string>;
  send?: Send;
}

/** Unknown revoker ids in a forward list (for a one-line startup error). */
export function unknownForwardProviders(providers: readonly string[]): string[] {
  return providers.filter((p) => !REVOKERS.some((r) => r.id === p));
}

/**
 * Builds the forwarder: each token is identified by the built-in rules (the whole token must
 * be what a rule matched), and those a chosen revoker takes are revoked at their provider.
 * Returns only outcomes; callers log them (they hold redacted values only).
 */
export function tokenForwarder(options: ForwardOptions): (tokens: readonly string[]) => Promise<RevokeOutcome[]> {
  let scanner: Scanner | undefined;
  const revokers = REVOKERS.filter((r) => options.providers.includes(r.id));
  return async (tokens) => {
    scanner ??= new Scanner(loadBuiltinRules().rules);
    const candidates: RevokeCandidate[] = [];
    for (const token of tokens) {
      const f = scanner.scan({ path: '<partner report>', text: token }).find((x) => x.kind === 'secret' && x.secret === token);
      if (f) candidates.push(f);
    }
    if (candidates.length === 0) return [];
    const { outcomes } = await revokeCandidates(candidates, {
      dryRun: false,
      revokers,
      ...(options.endpoints && { endpoints: options.endpoints }),
      ...(options.send && { send: options.send }),
    });
    return outcomes;
  };
}
