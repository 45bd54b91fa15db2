import { createRequire } from 'node:module';
import type Picomatch from 'picomatch';

let picomatch: typeof Picomatch | undefined;

/**
 * picomatch, loaded on first use: six CommonJS files, about 4 ms to load, and a run whose
 * config names no globs (no [files] include or exclude, no allowlist paths, no rule
 * patterns) matches none: a pre-commit hook should not pay for it.
 */
export function lazyPicomatch(): typeof Picomatch {
  return (picomatch ??= createRequire(import.meta.url)('picomatch') as typeof Picomatch);
}
