// Bundles dist/cli/main.js (built by tsc) into dist/cli/staged-bundle.js: one file holding
// the staged fast path and all it imports, which bin/keylint.js starts for `keylint staged`.
// A pre-commit hook runs that on every commit, and Node loads one file ~30 ms sooner than
// the ~130 modules it is made of. The full CLI (./full-cli.js and what it loads) stays
// outside, in dist/, and packages stay in node_modules: the bundle only joins our own modules.
// It sits beside main.js so paths it derives from import.meta.url (rules, the snapshot,
// package.json, the scan worker) resolve as they do from dist/.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  absWorkingDir: ROOT,
  entryPoints: ['dist/cli/main.js'],
  outfile: 'dist/cli/staged-bundle.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  packages: 'external',
  external: ['./full-cli.js'],
  legalComments: 'none',
  logLevel: 'warning',
});
