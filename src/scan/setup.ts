import { relative, resolve } from 'node:path';
import { KeylintError, Scanner } from '../engine/index.js';
import { allowlistMatcher } from '../config/allowlist.js';
import { baselineMatcher, readBaseline } from '../config/baseline.js';
import { inlineIgnoreFor } from '../config/inline-ignores.js';
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
  filters: FindingFilter[];
  config: KeylintConfig;
  options: ResolvedScanOptions;
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

  const filters: FindingFilter[] = [];
  const allowed = allowlistMatcher(config, root);
  filters.push((f, chunk) => !allowed(f, chunk));
  if (resolved.inlineIgnores) filters.push((f, chunk) => !inlineIgnoreFor(f, chunk));
  if (resolved.baseline) {
    const inBaseline = baselineMatcher(readBaseline(resolved.baseline, shown(resolved.baseline, cwd)));
    filters.push((f) => !inBaseline(f));
  }
  return { scanner: new Scanner(rules), filters, config, options: resolved };
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
