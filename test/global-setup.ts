import { execFileSync } from 'node:child_process';
import { distIsFresh, REPO } from '../scripts/build-stamp.mjs';

/**
 * Builds dist/ once before the suite when it was not built from the current sources:
 * worker-thread tests and the library-user test run dist/, and must never pass or fail
 * because of a stale build.
 */
export default function setup(): void {
  if (distIsFresh()) return;
  process.stderr.write('keylint tests: dist/ was not built from the current sources; running npm run build\n');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
}
