import { isIP } from 'node:net';
import { KeylintError } from '../engine/index.js';
import { VerifyRefused } from './errors.js';

/** A rule's provider as `--verify-endpoint` names it: `GitHub` → `github`, `Hugging Face` → `hugging-face`. */
export function providerId(provider: string): string {
  return provider
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Whether a URL's host is a loopback address (the only place plain http may go). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/**
 * Parses `--verify-endpoint PROVIDER=URL` values into provider id → API base. A URL must be
 * https, or http to a loopback address (tests, a local proxy): a secret never crosses a
 * network in clear text.
 */
export function parseEndpointOverrides(values: readonly string[], flag = '--verify-endpoint'): Map<string, string> {
  const out = new Map<string, string>();
  for (const value of values) {
    const at = value.indexOf('=');
    if (at <= 0) throw new KeylintError(`${flag} ${value}: write PROVIDER=URL (for example github=https://ghe.example.com/api/v3)`);
    const provider = providerId(value.slice(0, at));
    const raw = value.slice(at + 1);
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new KeylintError(`${flag} ${value}: "${raw}" is not a URL`);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
      throw new KeylintError(`${flag} ${value}: must be https:// (plain http:// only for loopback addresses)`);
    }
    if (url.username || url.password) throw new KeylintError(`${flag} ${value}: the URL must not hold credentials`);
    out.set(provider, raw.replace(/\/+$/, ''));
  }
  return out;
}

/** Whether `hostname` is one of `allowed` or below one of them (`shop.myshopify.com` under `myshopify.com`). */
export function hostAllowed(hostname: string, allowed: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return allowed.some((a) => host === a || host.endsWith(`.${a}`));
}

/** Refuses a request URL off its allow-list or in clear text off loopback. Messages name the host, never the URL (it may hold the secret). */
export function assertSendable(url: string, allowed: readonly string[]): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new VerifyRefused('verify: a check built an invalid URL');
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname))) {
    throw new VerifyRefused(`verify: refusing plain ${parsed.protocol}// to ${parsed.hostname}`);
  }
  if (!hostAllowed(parsed.hostname, allowed)) throw new VerifyRefused(`verify: refusing ${parsed.hostname}: not this provider's host`);
  return parsed;
}

/** The hosts a spec may contact: the endpoint's own host, or (for a templated host) its documented suffixes. */
export function allowedHostsFor(endpoint: string, hosts: readonly string[] | undefined, overridden: boolean): string[] {
  if (!overridden && hosts?.length) return hosts.map((h) => h.toLowerCase());
  try {
    return [new URL(endpoint).hostname.toLowerCase()];
  } catch {
    return hosts?.map((h) => h.toLowerCase()) ?? [];
  }
}
