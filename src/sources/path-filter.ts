import { lazyPicomatch } from '../engine/lazy-picomatch.js';

/**
 * The one include/exclude test every source uses (files, history, staged, the ESLint
 * plugin): a path (POSIX, relative to the scan root) is kept when it matches an include
 * glob (or there are none) and no exclude glob. Dotfiles match like any other file.
 */
export function pathFilter(include: readonly string[] | undefined, exclude: readonly string[] | undefined): (path: string) => boolean {
  const included = include?.length ? lazyPicomatch()([...include], { dot: true }) : undefined;
  const excluded = exclude?.length ? lazyPicomatch()([...exclude], { dot: true }) : undefined;
  return (path) => (!included || included(path)) && !excluded?.(path);
}
