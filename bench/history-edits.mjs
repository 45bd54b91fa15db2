// History benchmark on a history of edits: 5,000 commits built from real package code
// (bench/synthetic-history.mjs: files added, edited in place, renamed, copied, deleted, and
// synthetic secrets planted, some of them later edited inside). In the same run, rounds
// alternate the floors and keylint, each a fresh process:
//   cold: `keylint history --no-cache` against `git log -p --all` (git's own read of every change);
//   warm: `keylint history` with its blob cache filled, against a raw
//         `git cat-file --batch-all-objects --batch` (every object read once, nothing decoded).
// And it checks, not by hand, that every pass reports exactly the same findings: default
// threads, one thread, and the cached runs (exit 1 if not).
// Wall time is measured around each process; CPU time is keylint's own process (threads
// included, its git children not).
import { execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSyntheticHistory } from './synthetic-history.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.KEYLINT_BENCH_ROUNDS ?? 3);
const GOAL_COLD = 1.0;
const GOAL_WARM = 1.5;
const GIT_ENV = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_PAGER: 'cat' };

/** Runs a git command, its output counted and dropped; returns wall ms and bytes. */
function gitPass(repo, args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const p = spawn('git', args, { cwd: repo, env: GIT_ENV, stdio: ['ignore', 'pipe', 'inherit'] });
    let bytes = 0;
    p.stdout.on('data', (d) => (bytes += d.length));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve({ wallMs: performance.now() - started, bytes }) : reject(new Error(`git ${args[0]} exited ${code}`))));
  });
}

function keylintPass(repo, cache, threads) {
  const started = performance.now();
  const json = execFileSync(process.execPath, [join(here, 'history-pass.mjs'), repo, cache, ...(threads ? [String(threads)] : [])], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return { ...JSON.parse(json), wallMs: performance.now() - started };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs) => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)} ms (median ${median(xs).toFixed(0)})`;
const wall = (xs) => xs.map((x) => x.wallMs);
const cpu = (xs) => xs.map((x) => x.cpuMs);

export async function historyEditsBench() {
  const repo = await ensureSyntheticHistory();
  const commits = execFileSync('git', ['rev-list', '--count', '--all'], { cwd: repo, env: GIT_ENV, encoding: 'utf8' }).trim();
  const paths = execFileSync('git', ['log', '--all', '--format=', '--name-only'], { cwd: repo, env: GIT_ENV, encoding: 'utf8', maxBuffer: 1 << 28 });
  const pathCount = new Set(paths.split('\n').filter(Boolean)).size;
  await gitPass(repo, ['cat-file', '--batch-all-objects', '--batch']); // warm the page cache

  const single = keylintPass(repo, 'no-cache', 1);
  const log = [];
  const cold = [];
  for (let r = 0; r < ROUNDS; r++) {
    log.push(await gitPass(repo, ['log', '-p', '--all']));
    cold.push(keylintPass(repo, 'no-cache'));
  }

  rmSync(join(repo, '.git', 'keylint'), { recursive: true, force: true });
  const filled = keylintPass(repo, 'cache');
  const raw = [];
  const warm = [];
  for (let r = 0; r < ROUNDS; r++) {
    raw.push(await gitPass(repo, ['cat-file', '--batch-all-objects', '--batch']));
    warm.push(keylintPass(repo, 'cache'));
  }
  const digests = new Set([single, ...cold, filled, ...warm].map((p) => `${p.digest}/${p.findings}`));

  const ratio = (a, b) => median(wall(a)) / median(wall(b));
  const coldRatio = ratio(cold, log);
  const warmRatio = ratio(warm, raw);
  console.log(
    `history benchmark, a history of edits: ${commits} commits, ${pathCount} paths, ${cold[0].blobs} blobs read (${(cold[0].bytes / 1048576).toFixed(0)} MB), built from real package code; paired in one run`,
  );
  console.log(`  git log -p --all            wall ${range(wall(log))}   (${(log[0].bytes / 1048576).toFixed(0)} MB of patches)`);
  console.log(
    `  keylint history --no-cache  wall ${range(wall(cold))}, CPU ${range(cpu(cold))}   (one thread: wall ${single.wallMs.toFixed(0)} ms, CPU ${single.cpuMs.toFixed(0)} ms)`,
  );
  console.log(`  cold ratio                  ${coldRatio.toFixed(2)}x git log -p   (goal <= ${GOAL_COLD}x: ${coldRatio <= GOAL_COLD ? 'met' : 'NOT met'})`);
  console.log(`  raw cat-file --batch-all    wall ${range(wall(raw))}   (${(raw[0].bytes / 1048576).toFixed(0)} MB, every object)`);
  console.log(`  keylint, cache filled       wall ${range(wall(warm))}, CPU ${range(cpu(warm))}`);
  console.log(`  warm ratio                  ${warmRatio.toFixed(2)}x raw cat-file   (goal <= ${GOAL_WARM}x: ${warmRatio <= GOAL_WARM ? 'met' : 'NOT met'})`);
  console.log(
    `  findings                    ${cold[0].findings}: ${digests.size === 1 ? 'identical' : 'DIFFERENT'} across default threads, one thread, cache filling and cached runs`,
  );
  if (digests.size !== 1) process.exitCode = 1;
  return { cold: coldRatio, warm: warmRatio, same: digests.size === 1 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await historyEditsBench();
