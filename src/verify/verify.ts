import { createHash } from 'node:crypto';
import { toJsRegex, type Finding, type RuleSet, type VerifySpec } from '../engine/index.js';
import type { VerifyCache } from './cache.js';
import { CODED_CHECKS } from './checks/index.js';
import { allowedHostsFor, providerId } from './endpoints.js';
import { RateLimited, VerifyRefused } from './errors.js';
import { createSender, type HttpLimits } from './http.js';
import { runRequestCheck } from './run-spec.js';
import type { CheckResult, Send, VerifiableFinding } from './types.js';

export interface VerifyOptions extends HttpLimits {
  /** Checks by rule id: only built-in rules' (see verifySpecsOf). */
  specs: ReadonlyMap<string, VerifySpec>;
  /** API base by provider id (`--verify-endpoint github=URL`). */
  endpoints?: ReadonlyMap<string, string>;
  cache?: VerifyCache;
  /** A finding's file text, for companion regexes (an Algolia application id beside the key); undefined when unavailable. */
  readText?: (finding: VerifiableFinding) => string | undefined;
  /** Replaces the HTTP sender (it must keep the same limits). */
  send?: Send;
}

/** The verify specs of a rule set, by rule id. Pass the built-in rules only: a check decides where a value is sent. */
export function verifySpecsOf(rules: RuleSet): Map<string, VerifySpec> {
  const out = new Map<string, VerifySpec>();
  for (const [id, spec] of rules.specs) if (spec.verify) out.set(id, spec.verify);
  return out;
}

/** A companion regex as written in the rule file (PCRE-style inline flags such as `(?i)`). */
function companionRegex(pattern: string): RegExp {
  const { source, flags } = toJsRegex(pattern);
  return new RegExp(source, flags.replace(/[gy]/g, ''));
}

interface Plan {
  spec: VerifySpec;
  endpoint: string;
  allowedHosts: string[];
  companions: Record<string, string>;
}

/** How a finding would be checked, or why it cannot be. */
function plan(finding: VerifiableFinding, all: readonly VerifiableFinding[], options: VerifyOptions): Plan | CheckResult {
  const spec = options.specs.get(finding.ruleId);
  if (!spec) return { status: 'unknown', detail: 'no check for this rule' };
  const override = options.endpoints?.get(providerId(finding.provider));
  const endpoint = override ?? spec.endpoint;
  const companions: Record<string, string> = {};
  for (const [name, how] of Object.entries(spec.companions)) {
    let value: string | undefined;
    if (how.rule) {
      value = all.find((f) => f.ruleId === how.rule && f.file === finding.file && f.commit === finding.commit)?.secret;
    } else if (how.regex) {
      const text = options.readText?.(finding);
      value = text === undefined ? undefined : companionRegex(how.regex).exec(text)?.[1];
    }
    if (value === undefined)
      return { status: 'unknown', detail: `needs the ${name} beside it (${how.rule ? `a ${how.rule} finding` : 'not found in the file'})` };
    companions[name] = value;
  }
  return { spec, endpoint, allowedHosts: allowedHostsFor(endpoint, spec.hosts, override !== undefined), companions };
}

/** The hosts a run will contact for these findings, for the notice `--verify` prints once. */
export function hostsToContact(findings: readonly VerifiableFinding[], options: VerifyOptions): string[] {
  const hosts = new Set<string>();
  for (const f of findings) {
    const p = plan(f, findings, options);
    if ('spec' in p) for (const h of p.allowedHosts) hosts.add(p.spec.hosts?.includes(h) ? `*.${h}` : h);
  }
  return [...hosts].sort();
}

function cacheKey(finding: VerifiableFinding, companions: Record<string, string>): string {
  const names = Object.keys(companions).sort();
  if (names.length === 0) return finding.fingerprint;
  const h = createHash('sha256').update(finding.fingerprint);
  for (const n of names) h.update('\0').update(n).update('\0').update(companions[n]!);
  return h.digest('hex').slice(0, 32);
}

function describeFailure(e: unknown): CheckResult {
  if (e instanceof RateLimited)
    return {
      status: 'error',
      detail: `rate limited by the provider${e.retryAfterMs !== undefined ? ` (retry after ${Math.ceil(e.retryAfterMs / 1000)} s)` : ''}`,
    };
  if (e instanceof VerifyRefused) return { status: 'error', detail: e.message.replace(/^verify: /, '') };
  return { status: 'error', detail: (e as Error).message || 'network error' };
}

/**
 * Asks each finding's provider whether its value works, and records the answer on the finding
 * (`verification`, and for a key the provider shows to be publishable, `kind` and `reason`).
 * The same value found in many places is checked once. Returns the results by fingerprint.
 */
export async function verifyFindings<F extends VerifiableFinding & Pick<Finding, 'kind' | 'reason' | 'severity'> & { verification?: Finding['verification'] }>(
  findings: F[],
  options: VerifyOptions,
): Promise<Map<string, CheckResult>> {
  const send = options.send ?? createSender(options);
  const pending = new Map<string, Promise<CheckResult>>();
  const byFinding = new Map<F, Promise<CheckResult>>();
  for (const finding of findings) {
    const p = plan(finding, findings, options);
    if (!('spec' in p)) {
      byFinding.set(finding, Promise.resolve(p));
      continue;
    }
    const key = cacheKey(finding, p.companions);
    let result = pending.get(key);
    if (!result) {
      const cached = options.cache?.get(key);
      result = cached
        ? Promise.resolve(cached)
        : (async () => {
            const check = p.spec.check ? CODED_CHECKS[p.spec.check] : runRequestCheck;
            if (!check) return { status: 'unknown', detail: `unknown check "${p.spec.check}"` } satisfies CheckResult;
            try {
              const r = await check({
                spec: p.spec,
                secret: finding.secret,
                companions: p.companions,
                endpoint: p.endpoint,
                allowedHosts: p.allowedHosts,
                send,
              });
              options.cache?.set(key, r);
              return r;
            } catch (e) {
              return describeFailure(e);
            }
          })();
      pending.set(key, result);
    }
    byFinding.set(finding, result);
  }
  const out = new Map<string, CheckResult>();
  for (const [finding, promise] of byFinding) {
    const result = await promise;
    finding.verification = { status: result.status, ...(result.detail !== undefined && { detail: result.detail }) };
    if (result.kind === 'publishable' && finding.kind === 'secret') {
      finding.kind = 'publishable';
      finding.severity = 'info';
      if (result.reason) finding.reason = result.reason;
    }
    out.set(finding.fingerprint, result);
  }
  options.cache?.save();
  return out;
}
