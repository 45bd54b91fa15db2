// History benchmark: a repository built locally from 30 successive published versions of one
// npm package (each `npm pack`ed, unpacked and committed), then, in the same run:
//   keylint history (--no-cache) unique-blob throughput vs a raw `git cat-file --batch` read of the same blobs,
//   the cached second run's speedup, and the wall time of `keylint staged` on a 5-file change.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const PACKAGE = process.env.KEYLINT_BENCH_HISTORY_PACKAGE ?? 'axios';
const VERSIONS = 30;
const ROUNDS = Number(process.env.KEYLINT_BENCH_ROUNDS ?? 3);
const ROOT = join(tmpdir(), 'keylint-bench-history', PACKAGE);
const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
};
const log = (m) => process.stderr.write(`${m}\n`);
const git = (repo, ...args) => execFileSync('git', args, { cwd: repo, env: GIT_ENV, encoding: 'utf8', maxBuffer: 1 << 28 });

/** The newest VERSIONS stable versions of the package, oldest first. */
function versions() {
  const all = JSON.parse(execFileSync('npm', ['view', PACKAGE, 'versions', '--json'], { encoding: 'utf8' }));
  return all.filter((v) => /^\d+\.\d+\.\d+$/.test(v)).slice(-VERSIONS);
}

/** Tarballs cached under os.tmpdir(); the repository is rebuilt from them only when missing. */
function ensureRepo() {
  const repo = join(ROOT, 'repo');
  if (existsSync(join(ROOT, '.complete'))) return repo;
  const tarballs = join(ROOT, 'tarballs');
  mkdirSync(tarballs, { recursive: true });
  const list = versions();
  const missing = list.filter((v) => !existsSync(join(tarballs, `${PACKAGE.replace('@', '').replace('/', '-')}-${v}.tgz`)));
  if (missing.length) {
    log(`bench: npm pack ${PACKAGE} x${missing.length} into ${tarballs} (once)`);
    execFileSync('npm', ['pack', '--silent', ...missing.map((v) => `${PACKAGE}@${v}`)], { cwd: tarballs, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  rmSync(repo, { recursive: true, force: true });
  mkdirSync(repo, { recursive: true });
  git(repo, 'init', '-q', '-b', 'main');
  for (const [i, v] of list.entries()) {
    for (const name of readdirSync(repo)) if (name !== '.git') rmSync(join(repo, name), { recursive: true, force: true });
    execFileSync('tar', ['xzf', join(tarballs, `${PACKAGE.replace('@', '').replace('/', '-')}-${v}.tgz`), '--strip-components=1', '-C', repo]);
    git(repo, 'add', '-A');
    const date = new Date(Date.UTC(2024, 0, 1 + i)).toISOString();
    execFileSync('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '--allow-empty', '-m', `${PACKAGE} ${v}`], {
      cwd: repo,
      env: { ...GIT_ENV, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    });
  }
  git(repo, 'gc', '-q');
  writeFileSync(join(ROOT, '.complete'), new Date().toISOString());
  return repo;
}

/** The unique blobs keylint's history walk reads, in its order. */
async function uniqueBlobs(repo) {
  const { planHistory, defaultRevisions } = await import('../dist/sources/git/history.js');
  const plan = await planHistory(repo, [{ revisions: await defaultRevisions(repo) }]);
  return plan.blobs.map((b) => b.blob);
}

/** Reads every blob through one `git cat-file --batch` and returns {ms, bytes}. */
function rawRead(repo, blobs) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const p = spawn('git', ['cat-file', '--batch'], { cwd: repo, env: GIT_ENV });
    let bytes = 0;
    p.stdout.on('data', (d) => (bytes += d.length));
    p.on('error', reject);
    p.on('close', () => resolve({ ms: performance.now() - started, bytes }));
    p.stdin.end(blobs.join('\n') + '\n');
  });
}

/** keylint's history source alone (git log walk, cat-file read, UTF-8 decode; no rules): its own overhead over raw git. */
async function sourceOnly(repo) {
  const { prepareHistoryScan } = await import('../dist/scan/history.js');
  const { Scanner } = await import('../dist/engine/index.js');
  const skipped = { binary: 0, tooLarge: 0, unreadable: 0, symlinks: 0 };
  const started = performance.now();
  const p = await prepareHistoryScan({ dir: repo, maxFileSize: 10 << 20, skipped, cache: false, scanner: new Scanner([]), version: 'bench', warn: () => {} });
  let n = 0;
  for await (const chunk of p.source) n += chunk.text.length > -1 ? 1 : 0;
  await p.close();
  return { ms: performance.now() - started, n };
}

/** Runs `keylint history` in-process (rules loaded inside the timing) and returns {ms, report}. */
async function keylint(repo, args) {
  const { main } = await import('../dist/cli/main.js');
  let out = '';
  const stdout = new Writable({
    write(c, _e, cb) {
      out += c;
      cb();
    },
  });
  const stderr = new Writable({
    write(_c, _e, cb) {
      cb();
    },
  });
  const started = performance.now();
  const { exitCode } = await main(['history', repo, '--format', 'json', ...args], { stdin: process.stdin, stdout, stderr, cwd: repo, env: {} });
  const ms = performance.now() - started;
  if (exitCode === 2) throw new Error('keylint history failed');
  return { ms, report: JSON.parse(out) };
}

export async function historyBench() {
  const repo = ensureRepo();
  const blobs = await uniqueBlobs(repo);
  const commits = git(repo, 'rev-list', '--count', 'HEAD').trim();
  await rawRead(repo, blobs); // warm the page cache
  await keylint(repo, ['--no-cache']); // and the rule loader's imports
  const raw = [];
  const kl = [];
  const src = [];
  for (let r = 0; r < ROUNDS; r++) {
    raw.push(await rawRead(repo, blobs));
    src.push(await sourceOnly(repo));
    kl.push(await keylint(repo, ['--no-cache']));
  }
  const best = (xs) => xs.reduce((a, b) => (b.ms < a.ms ? b : a));
  const b = best(raw);
  const k = best(kl);
  const s = best(src);
  const mb = k.report.stats.bytes / 1048576;

  rmSync(join(repo, '.git', 'keylint'), { recursive: true, force: true });
  const cold = await keylint(repo, []);
  const warm = [];
  for (let r = 0; r < ROUNDS; r++) warm.push(await keylint(repo, []));
  const w = best(warm);
  if (JSON.stringify(w.report.findings) !== JSON.stringify(cold.report.findings)) throw new Error('cached run reported different findings');

  // keylint staged on a 5-file change: a child process, as a hook runs it.
  const files = git(repo, 'ls-files')
    .split('\n')
    .filter((f) => f.endsWith('.js'))
    .slice(0, 5);
  for (const f of files) appendFileSync(join(repo, f), `\n// bench edit ${Date.now()}\nexport const benchValue = 1;\n`);
  git(repo, 'add', ...files);
  const bin = join(here, '..', 'bin', 'keylint.js');
  const staged = [];
  for (let r = 0; r < ROUNDS + 1; r++) {
    const started = performance.now();
    const s = spawnSync(process.execPath, [bin, 'staged'], { cwd: repo, encoding: 'utf8' });
    staged.push(performance.now() - started);
    if (s.status === 2) throw new Error(`keylint staged failed: ${s.stderr}`);
  }
  git(repo, 'reset', '-q', '--hard');
  const stagedMs = Math.min(...staged.slice(1));

  const rate = (n, ms) => (n / (ms / 1000)).toFixed(0);
  console.log(`history benchmark: ${PACKAGE}, ${commits} published versions committed in order (${blobs.length} unique blobs, ${mb.toFixed(1)} MB)`);
  console.log(
    `  raw git cat-file --batch   ${b.ms.toFixed(0)} ms, ${rate(blobs.length, b.ms)} blobs/s, ${(b.bytes / 1048576 / (b.ms / 1000)).toFixed(0)} MB/s (best of ${ROUNDS})`,
  );
  console.log(
    `  keylint history --no-cache ${k.ms.toFixed(0)} ms, ${rate(blobs.length, k.ms)} blobs/s, ${(mb / (k.ms / 1000)).toFixed(0)} MB/s (best of ${ROUNDS}; includes loading rules and the git log walk)`,
  );
  console.log(`  throughput ratio           ${(b.ms / k.ms).toFixed(2)}   (keylint / raw; goal >= 0.5)`);
  console.log(
    `  history source alone       ${s.ms.toFixed(0)} ms, ${rate(blobs.length, s.ms)} blobs/s: ratio ${(b.ms / s.ms).toFixed(2)} to raw (walk + read + decode, no rules: the rest is the engine's scan)`,
  );
  console.log(`  cached second run          ${w.ms.toFixed(0)} ms vs ${cold.ms.toFixed(0)} ms first: ${(cold.ms / w.ms).toFixed(1)}x faster   (goal >= 10x)`);
  console.log(`  keylint staged, 5 files    ${stagedMs.toFixed(0)} ms wall, node start included (best of ${ROUNDS})   (goal < 300 ms)`);
  console.log(`  findings                   ${k.report.findings.length} (${k.report.findings.filter((f) => f.kind === 'secret').length} secret)`);
  return { ratio: b.ms / k.ms, speedup: cold.ms / w.ms, stagedMs };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await historyBench();
