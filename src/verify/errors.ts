import { KeylintError } from '../engine/index.js';

/** A verification request that must not be sent (a host outside the provider's allow-list, plain http off loopback). */
export class VerifyRefused extends KeylintError {}

/** The provider asked us to slow down; `retryAfterMs` is how long it asked for, when it said. */
export class RateLimited extends Error {
  constructor(readonly retryAfterMs: number | undefined) {
    super('rate limited');
  }
}
