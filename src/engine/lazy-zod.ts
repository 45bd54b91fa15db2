import { createRequire } from 'node:module';
import type * as Zod from 'zod';

let zod: typeof Zod | undefined;

/**
 * zod, loaded on first use. Importing it costs about 50 ms, and most runs validate
 * nothing (built-in rules load prevalidated; no config file, no baseline): a
 * pre-commit hook should not pay for it.
 */
export function lazyZod(): typeof Zod {
  return (zod ??= createRequire(import.meta.url)('zod') as typeof Zod);
}
