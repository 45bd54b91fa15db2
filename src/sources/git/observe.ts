import type { Chunk, Finding, Scanner } from '../../engine/index.js';

/**
 * A scanner that behaves like `scanner` but lets the caller see (and trim) the raw findings of
 * every chunk before filters run: the cache learns which blobs are clean, HEAD's blobs report
 * which secrets are still checked out, and `staged` keeps only added lines.
 */
export function observedScanner(scanner: Scanner, observe: (chunk: Chunk, raw: Finding[]) => Finding[]): Scanner {
  const wrapped = Object.create(scanner) as Scanner;
  wrapped.scan = (chunk: Chunk) => observe(chunk, scanner.scan(chunk));
  return wrapped;
}
