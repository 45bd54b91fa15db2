// Bundles the GitHub Action (src/action/main.ts) and the worker scripts it starts (the scan
// pool's and the read-ahead thread's) into dist-action/, committed so the runner starts it
// with no install: `using: node24`.
//   node scripts/build-action.mjs           write dist-action/
//   node scripts/build-action.mjs --check   fail when the committed files differ from a fresh build
// Needs `npm run build` first: the built-in rules are embedded from dist/builtin-rules.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist-action');
const check = process.argv.includes('--check');

const snapshotPath = join(ROOT, 'dist', 'builtin-rules.json');
if (!existsSync(snapshotPath)) {
  console.error('build-action: dist/builtin-rules.json is missing: run `npm run build` first');
  process.exit(2);
}
const { entries } = JSON.parse(readFileSync(snapshotPath, 'utf8'));
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

const result = await build({
  absWorkingDir: ROOT,
  entryPoints: { index: 'src/action/main.ts', worker: 'src/scan/worker.ts', 'read-ahead-worker': 'src/scan/read-ahead-worker.ts' },
  outdir: OUT,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  write: false,
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
  // Bundled CommonJS dependencies call require() for Node's built-ins; ESM has no require of its own.
  banner: { js: "import { createRequire as __keylintCreateRequire } from 'node:module';\nconst require = __keylintCreateRequire(import.meta.url);" },
  define: {
    'globalThis.KEYLINT_EMBEDDED_RULES': JSON.stringify(entries),
    'globalThis.KEYLINT_BUNDLE_VERSION': JSON.stringify(version),
  },
  // Optional native addon: absent in the bundle, so custom rules use the bounded JS matcher.
  external: ['re2'],
  plugins: [staticLazyRequires()],
});

/**
 * src/ loads some libraries with createRequire(import.meta.url)('name') so the CLI's start
 * stays fast; esbuild cannot follow those calls, so in the bundle they become plain
 * require('name'), which it bundles.
 */
function staticLazyRequires() {
  return {
    name: 'static-lazy-requires',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('createRequire(import.meta.url)(')) return undefined;
        return { contents: text.replace(/createRequire\(import\.meta\.url\)\((['"][^'"]+['"])\)/g, 'require($1)'), loader: 'ts' };
      });
    },
  };
}

/** Names, versions and license texts of the bundled packages: their licenses travel with the code. */
function licenses(metafile) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (!m) continue;
    const dir = join(ROOT, input.slice(0, m.index + m[0].length - 1));
    if (packages.has(dir)) continue;
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const licenseFile = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'LICENCE'].map((n) => join(dir, n)).find((p) => existsSync(p));
    packages.set(dir, `${pkg.name}@${pkg.version} (${pkg.license ?? 'see package'})\n${licenseFile ? readFileSync(licenseFile, 'utf8').trim() : ''}\n`);
  }
  const header = 'Third-party packages bundled into dist-action/index.js and its worker scripts\n\n';
  return (
    header +
    [...packages.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, text]) => text)
      .join('\n' + '-'.repeat(72) + '\n')
  );
}

const files = new Map(result.outputFiles.map((f) => [f.path, f.text]));
// Node reads .js files here as ES modules whatever folder the bundle is copied to along with this file.
files.set(join(OUT, 'package.json'), JSON.stringify({ type: 'module', private: true }, null, 2) + '\n');
files.set(join(OUT, 'licenses.txt'), licenses(result.metafile));

if (check) {
  const stale = [...files].filter(([path, text]) => !existsSync(path) || readFileSync(path, 'utf8') !== text).map(([path]) => relative(ROOT, path));
  if (stale.length) {
    console.error(
      `check:action-bundle: ${stale.join(', ')} ${stale.length === 1 ? 'does' : 'do'} not match the source: run \`npm run build && npm run build:action\` and commit dist-action/`,
    );
    process.exit(1);
  }
  console.log(`check:action-bundle: dist-action/ matches the source (${files.size} files)`);
} else {
  mkdirSync(OUT, { recursive: true });
  for (const [path, text] of files) writeFileSync(path, text);
  const size = (p) => `${(Buffer.byteLength(files.get(join(OUT, p))) / 1024).toFixed(0)} KiB`;
  console.log(
    `build-action: wrote dist-action/ (index.js ${size('index.js')}, worker.js ${size('worker.js')}, read-ahead-worker.js ${size('read-ahead-worker.js')})`,
  );
}
