import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { KeylintError } from '../engine/index.js';
import type { VerifyArgs } from './verify-options.js';
import type { KeylintConfig } from '../config/load-config.js';
import type { ScanReport } from '../report/index.js';
import { loadBuiltinRules } from '../rules/load-rules.js';
import {
  hostsToContact,
  parseEndpointOverrides,
  VerifyCache,
  verifyFindings,
  verifySpecsOf,
  type VerifiableFinding,
  type VerifyOptions,
} from '../verify/index.js';

/** What one run's verification does, flags merged over the config's [verify] table. */
export interface VerifySettings {
  enabled: boolean;
  onlyVerified: boolean;
  endpoints: Map<string, string>;
  concurrency: number;
  timeoutMs: number;
  cacheTtlSeconds: number;
  /** Where answers are cached; undefined when no cache folder can be found. */
  cachePath?: string;
}

const DEFAULT_TTL_SECONDS = 3600;

/**
 * Verification settings for a run. Off unless `--verify`, `--only-verified` or the config's
 * `[verify] enabled = true` asks for it: a pre-commit hook contacts no provider by default.
 */
export function verifySettings(args: VerifyArgs, config: KeylintConfig, cacheDir?: string): VerifySettings {
  const c = config.verify;
  const onlyVerified = args.onlyVerified ?? c?.onlyVerified ?? false;
  const endpoints = parseEndpointOverrides(
    Object.entries(c?.endpoints ?? {}).map(([p, url]) => `${p}=${url}`),
    `${config.label}: verify.endpoints`,
  );
  for (const [p, url] of parseEndpointOverrides([args.verifyEndpoint ?? []].flat())) endpoints.set(p, url);
  return {
    enabled: args.verify ?? (onlyVerified || (c?.enabled ?? false)),
    onlyVerified,
    endpoints,
    concurrency: args.verifyConcurrency ?? c?.concurrency ?? 8,
    timeoutMs: args.verifyTimeout ?? c?.timeout ?? 10_000,
    cacheTtlSeconds: args.verifyCacheTtl ?? c?.cacheTtl ?? DEFAULT_TTL_SECONDS,
    ...(cacheDir && { cachePath: join(cacheDir, 'verify.json') }),
  };
}

/** A working-tree finding's file text (for companion values such as an Algolia application id). */
function fileReader(root: string): (f: VerifiableFinding) => string | undefined {
  return (f) => {
    if (f.commit) return undefined;
    const abs = resolve(root, f.file);
    const rel = relative(root, abs);
    if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
    try {
      return readFileSync(abs, 'utf8');
    } catch {
      return undefined;
    }
  };
}

/**
 * The verification step of a scan, after findings are collected: says once which hosts it
 * will contact, asks each provider, records the answers on the findings, and with
 * `onlyVerified` keeps only the findings a provider accepted.
 */
export async function verifyReport(report: ScanReport, settings: VerifySettings, options: { root: string; log: (line: string) => void }): Promise<void> {
  if (!settings.enabled) return;
  const verifyOptions: VerifyOptions = {
    specs: verifySpecsOf(loadBuiltinRules()),
    endpoints: settings.endpoints,
    concurrency: settings.concurrency,
    timeoutMs: settings.timeoutMs,
    readText: fileReader(options.root),
    ...(settings.cachePath && settings.cacheTtlSeconds > 0 && { cache: new VerifyCache(settings.cachePath, settings.cacheTtlSeconds * 1000) }),
  };
  const hosts = hostsToContact(report.findings, verifyOptions);
  options.log(hosts.length ? `--verify will contact: ${hosts.join(', ')}` : '--verify: no finding has a check; no provider contacted');
  await verifyFindings(report.findings, verifyOptions);
  if (settings.onlyVerified) report.findings = report.findings.filter((f) => f.verification?.status === 'verified');
}

/** Rejects option combinations that cannot work, before a scan is spent on them. */
export function checkVerifyArgs(args: VerifyArgs): void {
  if (args.verify === false && args.onlyVerified) throw new KeylintError('--only-verified needs verification; drop --no-verify');
}

export { verifyCacheDir, type VerifyArgs } from './verify-options.js';
