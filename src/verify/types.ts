import type { Finding, Kind, Verification, VerifySpec } from '../engine/index.js';

/** What one check concluded; a verified key may turn out publishable (Algolia's search-only ACL). */
export interface CheckResult extends Verification {
  kind?: Kind;
  reason?: string;
}

/** A finding to verify: its rule, its raw value, and where it sits (for companions). */
export type VerifiableFinding = Pick<Finding, 'ruleId' | 'provider' | 'fingerprint' | 'secret' | 'file' | 'commit'> & Partial<Pick<Finding, 'kind' | 'reason'>>;

/** One HTTP request a check makes; `url` and `headers` may hold the secret and are never logged. */
export interface VerifyRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface VerifyResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** Sends a request through the limits (allow-list, rate, concurrency, timeout). */
export type Send = (request: VerifyRequest, allowedHosts: readonly string[], ratePerSecond?: number) => Promise<VerifyResponse>;

/** Everything a check needs about one value. */
export interface CheckInput {
  spec: VerifySpec;
  secret: string;
  /** Values found beside the secret, by companion name. */
  companions: Record<string, string>;
  /** The API base to use: the spec's endpoint, or the --verify-endpoint override. */
  endpoint: string;
  /** Hosts this check may contact. */
  allowedHosts: readonly string[];
  send: Send;
}

/** A check written in code, named by a spec's `check` field. */
export type CodedCheck = (input: CheckInput) => Promise<CheckResult>;
