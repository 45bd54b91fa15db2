import { relative, resolve, sep } from 'node:path';
import { lazyPicomatch } from '../engine/lazy-picomatch.js';
import type { Chunk, Finding } from '../engine/index.js';
import type { KeylintConfig } from './load-config.js';

/**
 * A reported path (relative to the scan root) as the config's globs see it: relative to the
 * config's folder, with `/` separators. Labels such as `<stdin>` pass through.
 */
export function configRelativePath(config: Pick<KeylintConfig, 'dir'>, root: string, file: string): string {
  if (file.startsWith('<')) return file;
  const rel = relative(config.dir, resolve(root, file));
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/**
 * Whether a finding is silenced by the config's allowlist: its file matches a path glob
 * or path regex (relative to the config's folder), its value matches a regex or contains
 * a stopword, or its fingerprint is listed.
 */
export function allowlistMatcher(config: KeylintConfig, root: string): (finding: Finding, chunk: Chunk) => boolean {
  const a = config.allowlist;
  const glob = a.paths.length ? lazyPicomatch()(a.paths, { dot: true }) : undefined;
  const fingerprints = new Set(a.fingerprints);
  return (f) => {
    if (fingerprints.has(f.fingerprint)) return true;
    if (a.regexes.some((r) => r.test(f.secret))) return true;
    const lower = f.secret.toLowerCase();
    if (a.stopwords.some((w) => lower.includes(w))) return true;
    if (glob || a.pathRegexes.length) {
      const p = configRelativePath(config, root, f.file);
      if (glob?.(p) || a.pathRegexes.some((r) => r.test(p))) return true;
    }
    return false;
  };
}
