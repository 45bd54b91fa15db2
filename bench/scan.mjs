// Scan benchmark: keylint over real package code versus a bare read-and-one-regex pass
// over the same folder, measured side by side in one run (best of N each, alternating).
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus } from './corpus.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.KEYLINT_BENCH_ROUNDS ?? 3);

function run(script, dir, ...extra) {
  return JSON.parse(execFileSync(process.execPath, [join(here, script), dir, ...extra], { encoding: 'utf8', maxBuffer: 1 << 26 }));
}

export function scanBench() {
  const dir = join(ensureCorpus(), 'node_modules');
  run('baseline-pass.mjs', dir); // warm the page cache once
  const base = [];
  const kl = [];
  const single = [];
  for (let r = 0; r < ROUNDS; r++) {
    base.push(run('baseline-pass.mjs', dir));
    kl.push(run('keylint-pass.mjs', dir));
    single.push(run('keylint-pass.mjs', dir, '--threads', '1'));
  }
  const best = (xs) => xs.reduce((a, b) => (b.ms < a.ms ? b : a));
  const b = best(base);
  const k = best(kl);
  const k1 = best(single);
  const mb = (k.bytes / 1024 / 1024).toFixed(1);
  console.log('scan benchmark: real package code (typescript, rxjs, lodash, @babel/core, webpack, three)');
  console.log(`  files             keylint ${k.files}, baseline ${b.files} (${mb} MB)`);
  console.log(`  bare read+regex   ${b.ms.toFixed(0)} ms (best of ${ROUNDS})`);
  console.log(`  keylint scan      ${k.ms.toFixed(0)} ms (best of ${ROUNDS}), ${(k.bytes / 1024 / 1024 / (k.ms / 1000)).toFixed(1)} MB/s`);
  console.log(`  ratio             ${(k.ms / b.ms).toFixed(2)}x   (goal <= 3x)`);
  console.log(`  one thread        ${k1.ms.toFixed(0)} ms with --threads 1: ratio ${(k1.ms / b.ms).toFixed(2)}x (the bare pass uses one thread; keylint's default uses every core)`);
  console.log(`  peak RSS          keylint ${Math.max(...kl.map((x) => x.maxRssMb)).toFixed(0)} MB, baseline ${Math.max(...base.map((x) => x.maxRssMb)).toFixed(0)} MB`);
  console.log(`  secret findings   ${k.secrets}   (goal 0; publishable ${k.findings - k.secrets})`);
  for (const s of k.secretList) console.log(`    false alarm: ${s}`);
  return { ratio: k.ms / b.ms, secrets: k.secrets };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) scanBench();
