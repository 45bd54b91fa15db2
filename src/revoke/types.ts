import type { Finding } from '../engine/index.js';
import type { Send } from '../verify/index.js';

/** A finding with its raw value back in hand (rescanned from the place the findings file names). */
export type RevokeCandidate = Pick<Finding, 'ruleId' | 'provider' | 'fingerprint' | 'redacted' | 'file' | 'line' | 'secret'>;

/** `would-revoke` in a dry run; `revoked` when the provider accepted; `failed` with the reason otherwise. */
export type RevokeStatus = 'would-revoke' | 'revoked' | 'failed';

export interface RevokeOutcome {
  candidate: RevokeCandidate;
  revoker: string;
  status: RevokeStatus;
  detail?: string;
}

/** A provider's documented revocation API. */
export interface Revoker {
  /** The provider id `--verify-endpoint` uses for it (`github`). */
  id: string;
  /** The API base; an endpoint override replaces it. */
  endpoint: string;
  /** Most values one request may carry. */
  batchSize: number;
  /** Requests per second the provider allows (GitHub: 60 an hour). */
  ratePerSecond: number;
  /** Whether this revoker takes the value (by rule and, where a rule is wider than the API, by prefix). */
  accepts: (candidate: RevokeCandidate) => boolean;
  /** Revokes one batch; answers one outcome per candidate. */
  revoke: (batch: readonly RevokeCandidate[], context: RevokeContext) => Promise<Omit<RevokeOutcome, 'revoker'>[]>;
}

/** Where and how a revoker sends: the API base in force, its allowed hosts, the sender, the provider's rate. */
export interface RevokeContext {
  endpoint: string;
  allowedHosts: readonly string[];
  send: Send;
  ratePerSecond: number;
}
