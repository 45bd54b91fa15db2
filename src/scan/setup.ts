import { relative, resolve, sep } from 'node:path';
import type { Argv } from 'yargs';
import { Scanner, type Finding } from '../engine/index.js';
import { allowlistMatcher } from '../config/allowlist.js';
import { baselineMatcher, readBaseline } from '../config/baseline.js';
import { ConfigError } from '../config/errors.js';
import { inlineIgnoreFor } from '../config/inline-ignores.js';
import { CONFIG_FILE, emptyConfig, findConfig, loadConfig, type KeylintConfig } from '../config/load-config.js';
import { lineOf } from '../config/locate.js';
import { FAIL_ON, type FailOn } from '../config/schema.js';
import { rulesForConfig } from '../config/rules-for-config.js';
import { parseSize } from '../sources/content.js';
import { EXIT_CLEAN, EXIT_FINDINGS, type CliIO } from '../cli/io.js';
import type { FindingFilter } from './pipeline.js';

export interface FilterArgs {
  config?: string;
  baseline?: string;
  inlineIgnores?: boolean;
  failOn?: FailOn;
  /** File-source options, filled from the config's [files] table when the command line leaves them unset. */
  include?: string[];
  exclude?: string[];
  maxFileSize?: string;
}

export interface ScanSetup {
  scanner: Scanner;
  filters: FindingFilter[];
  config: KeylintConfig;
}

// yargs' default for --max-file-size (src/cli/options/source.ts): a config value replaces it.
const DEFAULT_MAX_FILE_SIZE = '10MB';

/** Options that choose rules and silence findings: shared by every scanning command. */
export function filterOptions<T>(y: Argv<T>): Argv<T & FilterArgs> {
  return y
    .option('config', { describe: `config file (default: the nearest ${CONFIG_FILE} at or above the scan root)`, type: 'string', requiresArg: true })
    .option('baseline', { describe: 'report only findings not recorded in this baseline file', type: 'string', requiresArg: true })
    .option('inline-ignores', { describe: 'honor keylint:allow and other tools\' inline markers (--no-inline-ignores for audits)', type: 'boolean', default: true })
    .option('fail-on', { describe: 'what makes the run exit 1 (default: secret, or failOn in the config)', choices: FAIL_ON }) as unknown as Argv<T & FilterArgs>;
}

/** A path as shown in messages: relative to the working directory when inside it. */
function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** The config a scan rooted at `root` uses: --config, else the nearest .keylint.toml, else none. */
export function configFor(args: FilterArgs, io: CliIO, root: string): KeylintConfig {
  const path = args.config ? resolve(io.cwd, args.config) : findConfig(root);
  return path ? loadConfig(path, shown(path, io.cwd)) : emptyConfig(resolve(root));
}

/**
 * Builds the scanner and finding filters for a scan rooted at `root`: built-in rules
 * chosen by the config plus its custom rules; allowlist, inline-ignore and baseline
 * filters. Fills the file-source options the command line left unset from the config.
 */
export async function scanSetup(args: FilterArgs, io: CliIO, root: string, options: { baseline?: boolean } = {}): Promise<ScanSetup> {
  const config = configFor(args, io, root);
  const rules = rulesForConfig(config);
  applyFileOptions(args, config, root);
  args.failOn ??= config.failOn;

  const filters: FindingFilter[] = [];
  const allowed = allowlistMatcher(config, root);
  filters.push((f, chunk) => !allowed(f, chunk));
  if (args.inlineIgnores !== false) filters.push((f, chunk) => !inlineIgnoreFor(f, chunk));
  const baselinePath = options.baseline === false ? undefined : args.baseline ? resolve(io.cwd, args.baseline) : config.baseline;
  if (baselinePath) {
    const inBaseline = baselineMatcher(readBaseline(baselinePath, shown(baselinePath, io.cwd)));
    filters.push((f) => !inBaseline(f));
  }
  return { scanner: new Scanner(rules), filters, config };
}

function applyFileOptions(args: FilterArgs, config: KeylintConfig, root: string): void {
  const files = config.files;
  if (files.include?.length && !args.include?.length) args.include = rebaseGlobs(files.include, config.dir, root, 'include');
  if (files.exclude.length) args.exclude = [...(args.exclude ?? []), ...rebaseGlobs(files.exclude, config.dir, root, 'exclude')];
  if (files.maxFileSize !== undefined && (args.maxFileSize === undefined || args.maxFileSize === DEFAULT_MAX_FILE_SIZE)) {
    try {
      parseSize(files.maxFileSize);
    } catch (e) {
      throw new ConfigError(config.label, lineOf(config.text, ['files', 'maxFileSize']), 'files.maxFileSize', (e as Error).message);
    }
    args.maxFileSize = String(files.maxFileSize);
  }
}

/** The exit code a run's findings call for under --fail-on / failOn (default: any secret). */
export function exitCodeFor(findings: readonly Finding[], args: FilterArgs): number {
  const failing = (f: Finding) => {
    switch (args.failOn ?? 'secret') {
      case 'publishable':
        return true;
      case 'critical':
        return f.kind === 'secret' && f.severity === 'critical';
      default:
        return f.kind === 'secret';
    }
  };
  return findings.some(failing) ? EXIT_FINDINGS : EXIT_CLEAN;
}

// Matches no path: an include glob that cannot reach below the scan root must still
// narrow the scan (to nothing), not vanish and widen it.
const NOTHING = '!**';

/**
 * The config's [files] globs are relative to the config's folder; the file source matches
 * paths relative to the scan root. When the root is below the config's folder (`keylint
 * scan src` with the config at the top), `src/vendor/**` becomes `vendor/**`, a glob for
 * another folder can match nothing, and `**` globs apply as they are. A root outside the
 * config's folder (--config elsewhere) leaves the globs as written.
 */
function rebaseGlobs(globs: readonly string[], configDir: string, root: string, kind: 'include' | 'exclude'): string[] {
  const prefix = relative(resolve(configDir), resolve(root)).split(sep).join('/');
  if (prefix === '' || prefix.startsWith('..')) return [...globs];
  const out: string[] = [];
  for (const glob of globs) {
    if (glob.startsWith('**')) out.push(glob);
    else if (glob.startsWith(`${prefix}/`)) out.push(glob.slice(prefix.length + 1));
    else if (/^[^*?[{(!]*\//.test(glob)) continue; // a literal first folder that is not the root's
    else out.push(glob); // a leading pattern (`{src,lib}/**`, `*.env`): kept rather than guessed at
  }
  return out.length || kind === 'exclude' ? out : [NOTHING];
}
