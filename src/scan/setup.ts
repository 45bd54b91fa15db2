import { relative, resolve } from 'node:path';
import { KeylintError, Scanner } from '../engine/index.js';
import { allowlistMatcher } from '../config/allowlist.js';
import { baselineMatcher, readBaseline } from '../config/baseline.js';
import { inlineIgnoreFor } from '../config/inline-ignores.js';
import { ConfigCascade } from '../config/cascade.js';
import { emptyConfig, findConfig, loadConfig, type KeylintConfig } from '../config/load-config.js';
import { rulesForConfig } from '../config/rules-for-config.js';
import { parseSize } from '../sources/content.js';
import { configFileOptions } from './config-files.js';
import { SCAN_DEFAULTS } from './defaults.js';
import type { ResolvedScanOptions, ScanOptions } from './options.js';
import type { FindingFilter } from './pipeline.js';

/** Everything a scan rooted at one folder needs before it reads a byte. */
export interface ScanSetup {
  scanner: Scanner;
  /** Every filter a finding must pass: the config's allowlist, then `runFilters`. */
  filters: FindingFilter[];
  /** The filters that belong to the run, not to a folder's config: inline ignores and the baseline. */
  runFilters: FindingFilter[];
  config: KeylintConfig;
  options: ResolvedScanOptions;
  /** Present when folders below the root have configs of their own. */
  cascade?: ConfigCascade;
}

/** A path as shown in messages: relative to the working directory when inside it. */
function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** The config a scan rooted at `root` uses: the named file, else the nearest .keylint.toml, else none. */
export function configFor(configPath: string | undefined, cwd: string, root: string): KeylintConfig {
  const path = configPath ? resolve(cwd, configPath) : findConfig(root);
  return path ? loadConfig(path, shown(path, cwd)) : emptyConfig(resolve(root));
}

/**
 * Builds a scan rooted at `root` from plain options: config, then rules (built-ins the
 * config chooses plus its custom rules), then filters (allowlist, inline ignores,
 * baseline). The caller's options win over the config, the config over the defaults;
 * `options` itself is never changed.
 */
export function scanSetup(options: ScanOptions, root: string): ScanSetup {
  const cwd = options.cwd ?? process.cwd();
  const config = configFor(options.config, cwd, root);
  const rules = rulesForConfig(config);
  const resolved = resolveOptions(options, config, root, cwd);

  const runFilters: FindingFilter[] = [];
  if (resolved.inlineIgnores) runFilters.push((f, chunk) => !inlineIgnoreFor(f, chunk));
  if (resolved.baseline) {
    const inBaseline = baselineMatcher(readBaseline(resolved.baseline, shown(resolved.baseline, cwd)));
    runFilters.push((f) => !inBaseline(f));
  }
  const allowed = allowlistMatcher(config, root);
  const filters: FindingFilter[] = [(f, chunk) => !allowed(f, chunk), ...runFilters];
  return { scanner: new Scanner(rules), filters, runFilters, config, options: resolved };
}

/**
 * The setup with the configs of folders below the root applied (`nested`: their absolute
 * paths): the scanner runs every rule some folder asks for, and each finding is judged by
 * the configs of its own folder. Unchanged when there are none.
 */
export function withFolderConfigs(setup: ScanSetup, nested: readonly string[], root: string, cwd: string): ScanSetup {
  if (nested.length === 0) return setup;
  const cascade = ConfigCascade.load(setup.config, nested, root, (p) => shown(p, cwd));
  if (cascade.isFlat) return setup;
  return { ...setup, cascade, scanner: new Scanner(cascade.allRules()), filters: [(f, chunk) => cascade.keeps(f, chunk), ...setup.runFilters] };
}

/** Merges the caller's options over the config's over the defaults. */
function resolveOptions(options: ScanOptions, config: KeylintConfig, root: string, cwd: string): ResolvedScanOptions {
  const files = configFileOptions(config, root);
  const exclude = [...(options.exclude ?? []), ...files.exclude];
  return {
    include: options.include?.length ? options.include : files.include,
    exclude: exclude.length ? exclude : options.exclude,
    maxFileSize: options.maxFileSize !== undefined ? sizeOf(options.maxFileSize) : (files.maxFileSize() ?? parseSize(SCAN_DEFAULTS.maxFileSize)),
    failOn: options.failOn ?? config.failOn ?? SCAN_DEFAULTS.failOn,
    failOnConfidence: options.failOnConfidence ?? config.failOnConfidence ?? SCAN_DEFAULTS.failOnConfidence,
    inlineIgnores: options.inlineIgnores ?? SCAN_DEFAULTS.inlineIgnores,
    baseline: options.useBaseline === false ? undefined : options.baseline ? resolve(cwd, options.baseline) : config.baseline,
    threads: options.threads,
    warn: options.warn ?? (() => {}),
  };
}

function sizeOf(value: number | string): number {
  try {
    return parseSize(value);
  } catch (e) {
    throw new KeylintError(`maxFileSize: ${(e as Error).message}`);
  }
}
