// `npm run bench:realcode`: scans real npm packages (SDKs and libraries that ship docs,
// examples and tests) and compares every medium/high-confidence finding with a hand triage.
//
//   node bench/realcode.mjs [--cache DIR] [--update-triage]
//
// The packages in bench/realcode-packages.json are installed (pinned, no install scripts)
// into a cache folder outside the repository, by default ~/.cache/keylint-bench/realcode
// (KEYLINT_BENCH_CACHE overrides it). bench/realcode-triage.tsv holds one verdict per
// finding: package, version, path, line, rule, verdict (true | publishable | example |
// false-alarm); never a value. --update-triage appends untriaged findings with verdict `?`
// for a person to fill in.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, appendFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

const pinned = JSON.parse(readFileSync(join(here, 'realcode-packages.json'), 'utf8')).packages;
const cache = value('--cache') ?? process.env.KEYLINT_BENCH_CACHE ?? join(homedir(), '.cache', 'keylint-bench', 'realcode');
const triagePath = join(here, 'realcode-triage.tsv');
const VERDICTS = new Set(['true', 'publishable', 'example', 'false-alarm']);

function install() {
  mkdirSync(cache, { recursive: true });
  const manifest = JSON.stringify({ name: 'keylint-realcode-bench', private: true, dependencies: pinned }, null, 2) + '\n';
  const manifestPath = join(cache, 'package.json');
  const current = existsSync(manifestPath) ? readFileSync(manifestPath, 'utf8') : '';
  if (current === manifest && existsSync(join(cache, 'node_modules'))) return;
  writeFileSync(manifestPath, manifest);
  console.log(`installing ${Object.keys(pinned).length} pinned packages into ${cache} ...`);
  const r = spawnSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: cache, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('bench:realcode: npm install failed');
    process.exit(2);
  }
}

/** The innermost package a node_modules path belongs to, and the path inside it. */
function packageOf(file) {
  const parts = file.split('/');
  const at = parts.lastIndexOf('node_modules');
  const scoped = parts[at + 1]?.startsWith('@');
  const name = scoped ? `${parts[at + 1]}/${parts[at + 2]}` : parts[at + 1];
  const depth = at + (scoped ? 3 : 2);
  return { name, dir: parts.slice(0, depth).join('/'), path: parts.slice(depth).join('/') };
}

const versions = new Map();
function versionOf(root, dir) {
  if (!versions.has(dir)) {
    try {
      versions.set(dir, JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')).version ?? '?');
    } catch {
      versions.set(dir, '?');
    }
  }
  return versions.get(dir);
}

function readTriage() {
  const map = new Map();
  if (!existsSync(triagePath)) return map;
  readFileSync(triagePath, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim() || line.startsWith('#')) return;
      const cols = line.split('\t');
      if (cols.length !== 6) throw new Error(`${triagePath}:${i + 1}: expected 6 tab-separated columns`);
      const [pkg, version, path, ln, rule, verdict] = cols;
      if (verdict !== '?' && !VERDICTS.has(verdict)) throw new Error(`${triagePath}:${i + 1}: verdict "${verdict}" is not one of ${[...VERDICTS].join(', ')}`);
      map.set([pkg, version, path, ln, rule].join('\t'), verdict);
    });
  return map;
}

install();
const root = cache;
const out = join(tmpdir(), `keylint-realcode-${process.pid}.json`);
const started = process.hrtime.bigint();
const scan = spawnSync(
  process.execPath,
  [join(repo, 'bin/keylint.js'), 'scan', 'node_modules', '--format', 'json', '--output', out, '--max-file-size', '10MB'],
  {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
if (scan.status === 2 || !existsSync(out)) {
  console.error('bench:realcode: the scan failed');
  process.exit(2);
}
const report = JSON.parse(readFileSync(out, 'utf8'));
rmSync(out, { force: true });
const triage = readTriage();

const perPackage = new Map();
const untriaged = [];
let falseAlarms = 0;
let publishableCalledSecret = 0;
let triagedTrue = 0;
let triagedPublishable = 0;
for (const f of report.findings) {
  // Paths are relative to the scan root, node_modules itself.
  const { name, dir, path } = packageOf(`node_modules/${f.file}`);
  const top = Object.hasOwn(pinned, name) ? name : '(dependencies)';
  const counts = perPackage.get(top) ?? { high: 0, medium: 0, low: 0, publishable: 0 };
  counts[f.confidence]++;
  if (f.kind === 'publishable') counts.publishable++;
  perPackage.set(top, counts);
  if (f.confidence === 'low') continue;
  const key = [name, versionOf(root, dir), path, String(f.line), f.ruleId].join('\t');
  const verdict = triage.get(key);
  if (verdict === undefined || verdict === '?') {
    untriaged.push({ key, f });
    continue;
  }
  if (verdict === 'publishable') {
    triagedPublishable++;
    if (f.kind === 'secret') publishableCalledSecret++;
  } else if (verdict === 'true') triagedTrue++;
  else if (f.kind === 'secret') falseAlarms++; // an example or false alarm raised as a medium/high secret
}

const mb = report.stats.bytes / 1e6;
console.log(`bench:realcode: ${Object.keys(pinned).length} pinned packages (+ dependencies) in ${root}`);
console.log(`scanned ${report.stats.files} files, ${mb.toFixed(1)} MB in ${(wallMs / 1000).toFixed(1)} s wall (keylint child process)`);
console.log('');
console.log('package                              high  medium     low  (publishable)');
for (const [name, c] of [...perPackage].sort((a, b) => a[0].localeCompare(b[0]))) {
  console.log(`${name.padEnd(36)} ${String(c.high).padStart(5)} ${String(c.medium).padStart(7)} ${String(c.low).padStart(7)}  (${c.publishable})`);
}
for (const name of Object.keys(pinned))
  if (!perPackage.has(name)) console.log(`${name.padEnd(36)} ${'0'.padStart(5)} ${'0'.padStart(7)} ${'0'.padStart(7)}  (0)`);
console.log('');
const per100 = (100 * falseAlarms) / mb;
console.log(`medium/high secrets triaged true: ${triagedTrue}; publishable keys triaged: ${triagedPublishable}`);
console.log(
  `medium/high false alarms (examples and false alarms reported as secrets): ${falseAlarms} = ${per100.toFixed(2)} per 100 MB (target <= 2): ${per100 <= 2 ? 'met' : 'MISSED'}`,
);
console.log(`triaged publishable keys called secrets: ${publishableCalledSecret} (target 0): ${publishableCalledSecret === 0 ? 'met' : 'MISSED'}`);
console.log(`medium/high findings not in the triage: ${untriaged.length}`);
for (const { key, f } of untriaged.slice(0, 50)) console.log(`  untriaged  ${key.split('\t').join('  ')}  (${f.kind}, ${f.confidence}, ${f.redacted})`);
if (untriaged.length > 50) console.log(`  ... and ${untriaged.length - 50} more`);
if (flag('--update-triage') && untriaged.length) {
  if (!existsSync(triagePath)) writeFileSync(triagePath, '# package\tversion\tpath\tline\trule\tverdict (true | publishable | example | false-alarm)\n');
  appendFileSync(triagePath, untriaged.map(({ key }) => `${key}\t?\n`).join(''));
  console.log(`appended ${untriaged.length} rows with verdict "?" to ${triagePath}: look at each finding and set its verdict`);
}
if (untriaged.length || per100 > 2 || publishableCalledSecret > 0) process.exitCode = 1;
