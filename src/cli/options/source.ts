import type { Argv } from 'yargs';
import { KeylintError } from '../../engine/index.js';
import { parseSize } from '../../sources/content.js';
import { SCAN_DEFAULTS } from '../../scan/defaults.js';

export interface SourceArgs {
  include?: string[];
  exclude?: string[];
  maxFileSize: string;
  threads?: number;
}

/** Options that choose which files are read. */
export function sourceOptions<T>(y: Argv<T>): Argv<T & SourceArgs> {
  return y
    .option('include', { describe: 'only scan paths matching GLOB (repeatable)', type: 'string', array: true, requiresArg: true })
    .option('exclude', { describe: 'skip paths matching GLOB (repeatable)', type: 'string', array: true, requiresArg: true })
    .option('max-file-size', { describe: 'skip files larger than this (bytes, or 512KB, 10MB)', type: 'string', default: SCAN_DEFAULTS.maxFileSize })
    .option('threads', {
      describe: 'worker threads for big scans (default: one per core; 1 scans on the main thread only)',
      type: 'number',
      requiresArg: true,
    }) as unknown as Argv<T & SourceArgs>;
}

/** --threads as the pipeline takes it; undefined leaves the default (one per core). */
export function threadsOf(args: SourceArgs): number | undefined {
  if (args.threads === undefined) return undefined;
  if (!Number.isInteger(args.threads) || args.threads < 1) throw new KeylintError('--threads must be a positive integer');
  return args.threads;
}

/** --max-file-size in bytes, or one clear line naming the flag. */
export function maxFileSizeOf(args: SourceArgs): number {
  try {
    return parseSize(args.maxFileSize);
  } catch (e) {
    throw new KeylintError(`--max-file-size: ${(e as Error).message}`);
  }
}
