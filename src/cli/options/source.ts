import type { Argv } from 'yargs';
import { KeylintError } from '../../engine/index.js';
import { parseSize } from '../../sources/content.js';

export interface SourceArgs {
  include?: string[];
  exclude?: string[];
  maxFileSize: string;
}

/** Options that choose which files are read. */
export function sourceOptions<T>(y: Argv<T>): Argv<T & SourceArgs> {
  return y
    .option('include', { describe: 'only scan paths matching GLOB (repeatable)', type: 'string', array: true, requiresArg: true })
    .option('exclude', { describe: 'skip paths matching GLOB (repeatable)', type: 'string', array: true, requiresArg: true })
    .option('max-file-size', { describe: 'skip files larger than this (bytes, or 512KB, 10MB)', type: 'string', default: '10MB' }) as unknown as Argv<T & SourceArgs>;
}

export function maxFileSizeOf(args: SourceArgs): number {
  try {
    return parseSize(args.maxFileSize);
  } catch (e) {
    throw new KeylintError(`--max-file-size: ${(e as Error).message}`);
  }
}
