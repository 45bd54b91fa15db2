import type { SourceCode } from 'eslint';
import type { Finding, Scanner } from '../engine/index.js';

// One scan per file even when the rule is configured more than once (or another keylint
// rule asks): ESLint hands every rule the same SourceCode object for a file.
const cache = new WeakMap<SourceCode, { scanner: Scanner; path: string; findings: Finding[] }>();

/**
 * The engine's findings for a whole file. Scanning the full text, not each literal, gives
 * the classifier what it reads (the assigned name, the lines around, "use client") and keeps
 * offsets exact: they index the source as written, escapes included.
 */
export function fileFindings(sourceCode: SourceCode, path: string, scanner: Scanner): Finding[] {
  const hit = cache.get(sourceCode);
  if (hit && hit.scanner === scanner && hit.path === path) return hit.findings;
  const findings = scanner.scan({ path, text: sourceCode.text });
  cache.set(sourceCode, { scanner, path, findings });
  return findings;
}
