// Bundles dist/cli/main.js (built by tsc) into dist/cli/staged-bundle.js: one file holding
// the staged fast path and all it imports, which bin/keylint.js starts for `keylint staged`.
// A pre-commit hook runs that on every commit, and Node loads one file ~30 ms sooner than
// the ~130 modules it is made of. The full CLI (./full-cli.js and what it loads) stays
// outside, in dist/, and packages stay in node_modules: the bundle only joins our own modules.
// It sits beside main.js so paths it derives from import.meta.url (rules, the snapshot,
// package.json, the scan worker) resolve as they do from dist/.
import { readFileSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/*
 * Built-in modules a commit of a few files seldom uses (hashing findings, archives, worker
 * threads, report files, URL checks), yet importing them costs ~20 ms of every hook's start:
 * an ESM import loads the module and reads every export. In the bundle each becomes a module
 * of stand-ins that load the real one on first call. Only functions and classes get a
 * stand-in, so importing any other export from these fails this build instead of misbehaving.
 */
const LAZY_BUILTINS = ['node:crypto', 'node:fs/promises', 'node:net', 'node:worker_threads', 'node:zlib'];

async function standInsFor(id) {
  const real = await import(id);
  const names = Object.keys(real).filter((n) => n !== 'default' && typeof real[n] === 'function');
  const lines = [`let loaded;`, `const real = () => (loaded ??= process.getBuiltinModule(${JSON.stringify(id)}));`];
  // Called with `new` (Worker, MessageChannel), a stand-in returns the real class's instance.
  for (const n of names) lines.push(`export function ${n}(...args) { return new.target ? new (real().${n})(...args) : real().${n}(...args); }`);
  return lines.join('\n');
}

const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    const filter = new RegExp(`^(${LAZY_BUILTINS.map((id) => id.replace('/', '\\/')).join('|')})$`);
    b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'lazy-builtin' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, async (args) => ({ contents: await standInsFor(args.path), loader: 'js' }));
  },
};

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
  plugins: [lazyBuiltins],
  legalComments: 'none',
  logLevel: 'warning',
});

// V8 holds a source with a single non-ASCII character as two bytes a character, and parses
// it slower. esbuild escapes strings but not regex literals or comments: spell those in ASCII.
const bundled = readFileSync(join(ROOT, 'dist/cli/staged-bundle.js'));
if (!isAscii(bundled)) {
  const line =
    bundled
      .toString('utf8')
      .split('\n')
      .findIndex((l) => !isAscii(Buffer.from(l))) + 1;
  throw new Error(`dist/cli/staged-bundle.js line ${line}: not ASCII (spell the character as an escape in the source)`);
}
