import { SCAN_DEFAULTS } from '../../scan/defaults.js';
import type { ScanOptions } from '../../scan/options.js';
import { verifyCacheDir, type VerifyArgs } from '../../scan/verify-options.js';
import { printable } from '../../report/printable.js';
import type { CliIO } from '../io.js';
import type { FilterArgs } from './filter.js';
import { maxFileSizeOf, threadsOf, type SourceArgs } from './source.js';

/**
 * The scan options a command's arguments ask for; the arguments are only read. Warnings
 * go to stderr under `prefix` (`warning` for files, `note` for history).
 */
export function scanOptionsOf(args: FilterArgs & Partial<SourceArgs> & VerifyArgs, io: Pick<CliIO, 'cwd' | 'stderr' | 'env'>, prefix = 'warning'): ScanOptions {
  return {
    cwd: io.cwd,
    config: args.config,
    baseline: args.baseline,
    inlineIgnores: args.inlineIgnores,
    failOn: args.failOn,
    failOnConfidence: args.failOnConfidence,
    include: args.include,
    exclude: args.exclude,
    // yargs cannot tell its default from a user typing it; either way the config's
    // [files] maxFileSize wins, as it always has, so the default goes through as unset.
    maxFileSize: args.maxFileSize === undefined || args.maxFileSize === SCAN_DEFAULTS.maxFileSize ? undefined : maxFileSizeOf(args as SourceArgs),
    threads: threadsOf(args as SourceArgs),
    warn: (m) => io.stderr.write(`keylint: ${prefix}: ${printable(m)}\n`),
    verify: {
      verify: args.verify,
      onlyVerified: args.onlyVerified,
      verifyEndpoint: args.verifyEndpoint,
      verifyConcurrency: args.verifyConcurrency,
      verifyTimeout: args.verifyTimeout,
      verifyCacheTtl: args.verifyCacheTtl,
      cacheDir: verifyCacheDir(io.env),
      log: (line) => io.stderr.write(`keylint: ${line}\n`),
    },
  };
}
