#!/usr/bin/env node
// What dist/ was built from: a hash of every input of `npm run build` (src/, rules/, the
// snapshot script, the tsconfigs, package.json), written to dist/.source-hash after a
// build. The test suite's global setup rebuilds when the hash differs, so a test that
// runs dist/ (worker threads, the package as a library) never runs a stale build.
// A content hash, not mtimes: a checkout or rebase that restores older files is caught too.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
export const STAMP = join(REPO, 'dist', '.source-hash');
const INPUTS = ['src', 'rules', 'scripts/snapshot-rules.mjs', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

function filesUnder(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name));
}

/** The hash of the build's inputs as they are now. */
export function sourceHash() {
  const hash = createHash('sha256');
  const files = INPUTS.flatMap((p) => filesUnder(join(REPO, p))).sort();
  for (const file of files) hash.update(relative(REPO, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/** Whether dist/ was built from the inputs as they are now. */
export function distIsFresh() {
  return existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === sourceHash();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) writeFileSync(STAMP, sourceHash() + '\n');
