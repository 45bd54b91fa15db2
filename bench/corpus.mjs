// The benchmark corpus: real package code with no real secrets in it, installed once
// into a temp dir and reused by every benchmark (scan, history, eslint).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CORPUS_PACKAGES = ['typescript@5.9.3', 'rxjs@7', 'lodash@4', '@babel/core@7', 'webpack@5', 'three@0.170'];
export const CORPUS_DIR = join(tmpdir(), 'keylint-bench-corpus');

/** Installs the corpus if it is not there yet; returns the folder holding node_modules. */
export function ensureCorpus(log = (m) => process.stderr.write(m + '\n')) {
  const marker = join(CORPUS_DIR, '.complete');
  if (existsSync(marker)) return CORPUS_DIR;
  mkdirSync(CORPUS_DIR, { recursive: true });
  writeFileSync(join(CORPUS_DIR, 'package.json'), '{"name":"keylint-bench-corpus","private":true}\n');
  log(`bench: installing ${CORPUS_PACKAGES.join(' ')} into ${CORPUS_DIR} (once)`);
  execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', ...CORPUS_PACKAGES], {
    cwd: CORPUS_DIR,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  writeFileSync(marker, new Date().toISOString());
  return CORPUS_DIR;
}
