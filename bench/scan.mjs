// Scan benchmark: keylint over real package code against the tightest floor, a bare Node
// pass that reads every file (latin1) and runs one keyword regex on one thread
// (bench/floor-pass.mjs), in the same run: rounds alternate floor, keylint (default
// threads) and keylint --threads 1. Each pass is a fresh process; wall time is measured
// around it (Node's start-up included for both), CPU time is the process's own (every
// thread). Prints ranges over the rounds and the ratios of the medians.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus } from './corpus.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.KEYLINT_BENCH_ROUNDS ?? 5);
const GOAL_WALL = 2.0;
const GOAL_CPU = 3.0;

function run(script, dir, ...extra) {
  const started = performance.now();
  const out = JSON.parse(execFileSync(process.execPath, [join(here, script), dir, ...extra], { encoding: 'utf8', maxBuffer: 1 << 26 }));
  return { ...out, wallMs: performance.now() - started };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs, unit = 'ms') => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)} ${unit} (median ${median(xs).toFixed(0)})`;

export function scanBench() {
  const dir = join(ensureCorpus(), 'node_modules');
  run('floor-pass.mjs', dir); // warm the page cache once
  const floor = [];
  const kl = [];
  const single = [];
  for (let r = 0; r < ROUNDS; r++) {
    floor.push(run('floor-pass.mjs', dir));
    kl.push(run('keylint-pass.mjs', dir));
    single.push(run('keylint-pass.mjs', dir, '--threads', '1'));
  }
  const mb = (floor[0].bytes / 1024 / 1024).toFixed(1);
  const wall = (xs) => xs.map((x) => x.wallMs);
  const cpu = (xs) => xs.map((x) => x.cpuMs);
  const ratio = (a, b) => median(a) / median(b);
  console.log('scan benchmark: real package code (typescript, rxjs, lodash, @babel/core, webpack, three), paired in one run');
  console.log(
    `  files             floor ${floor[0].files} (${mb} MB); keylint scanned ${kl[0].files} (${(kl[0].bytes / 1024 / 1024).toFixed(1)} MB, binary and oversized files skipped)`,
  );
  console.log(`  floor             wall ${range(wall(floor))}, CPU ${range(cpu(floor))}   (read latin1 + one keyword regex, one thread)`);
  console.log(`  keylint           wall ${range(wall(kl))}, CPU ${range(cpu(kl))}   (default threads)`);
  console.log(`  keylint 1 thread  wall ${range(wall(single))}, CPU ${range(cpu(single))}`);
  const rw = ratio(wall(kl), wall(floor));
  const rc = ratio(cpu(kl), cpu(floor));
  console.log(
    `  ratio wall        ${rw.toFixed(2)}x default, ${ratio(wall(single), wall(floor)).toFixed(2)}x one thread   (goal <= ${GOAL_WALL}x: ${rw <= GOAL_WALL ? 'met' : 'NOT met'})`,
  );
  console.log(
    `  ratio CPU         ${rc.toFixed(2)}x default, ${ratio(cpu(single), cpu(floor)).toFixed(2)}x one thread   (goal <= ${GOAL_CPU}x: ${rc <= GOAL_CPU ? 'met' : 'NOT met'})`,
  );
  console.log(
    `  per-round wall    ${kl.map((k, i) => (k.wallMs / floor[i].wallMs).toFixed(2)).join(' ')}   CPU ${kl.map((k, i) => (k.cpuMs / floor[i].cpuMs).toFixed(2)).join(' ')}`,
  );
  console.log(
    `  peak RSS          keylint ${Math.max(...kl.map((x) => x.maxRssMb)).toFixed(0)} MB, floor ${Math.max(...floor.map((x) => x.maxRssMb)).toFixed(0)} MB`,
  );
  console.log(`  secret findings   ${kl[0].secrets}   (goal 0; publishable ${kl[0].findings - kl[0].secrets})`);
  for (const s of kl[0].secretList) console.log(`    false alarm: ${s}`);
  return { wallRatio: rw, cpuRatio: rc, secrets: kl[0].secrets };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) scanBench();
