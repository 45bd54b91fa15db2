// Hook benchmark: `keylint staged` as the installed pre-commit hook runs it (`keylint hook
// install` writes the hook; this runs the hook script with sh, as git does), on a 5-file
// change of real package code, against `node -e 0` in the same run. Wall time around each
// run; CPU time from the kernel's count for waited-for children (Linux /proc).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus } from './corpus.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'bin', 'keylint.js');
const ROUNDS = Number(process.env.KEYLINT_BENCH_ROUNDS ?? 5) * 2;
const GOAL_MS = 200;

/** CPU ms of this process's waited-for children so far, or undefined off Linux. */
function childrenCpuMs() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // cutime + cstime, in USER_HZ (100)
  } catch {
    return undefined;
  }
}

function timed(cmd, args, cwd) {
  const cpu0 = childrenCpuMs();
  const started = performance.now();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  const wallMs = performance.now() - started;
  const cpu1 = childrenCpuMs();
  return { wallMs, cpuMs: cpu0 === undefined ? NaN : cpu1 - cpu0, status: r.status, out: r.stdout + r.stderr };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs) => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)} ms (median ${median(xs).toFixed(0)})`;

export function hookBench() {
  const lodash = join(ensureCorpus(), 'node_modules', 'lodash');
  const dir = mkdtempSync(join(tmpdir(), 'keylint-hook-bench-'));
  try {
    const git = (...args) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('config', 'user.email', 'bench@example.com');
    git('config', 'user.name', 'bench');
    // The project's own install, as `npm i -D keylint` leaves it.
    mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(bin, join(dir, 'node_modules', '.bin', 'keylint'));
    writeFileSync(join(dir, '.gitignore'), 'node_modules\n');
    const sources = readdirSync(lodash)
      .filter((n) => n.endsWith('.js'))
      .sort();
    for (const name of sources.slice(0, 20)) writeFileSync(join(dir, name), readFileSync(join(lodash, name)));
    git('add', '.');
    git('commit', '-qm', 'base');
    // The change: five files edited and staged.
    for (const name of sources.slice(0, 5)) writeFileSync(join(dir, name), readFileSync(join(dir, name), 'utf8') + '\n// edited\nconst answer = 42;\n');
    git('add', '.');
    execFileSync(process.execPath, [bin, 'hook', 'install'], { cwd: dir, stdio: 'pipe' });
    const hook = join(dir, '.git', 'hooks', 'pre-commit');
    const line = readFileSync(hook, 'utf8').trim().split('\n').pop();
    const first = timed('sh', [hook], dir);
    if (first.status !== 0) throw new Error(`hook failed (${first.status}): ${first.out}`);
    const floor = [];
    const kl = [];
    for (let r = 0; r < ROUNDS; r++) {
      floor.push(timed(process.execPath, ['-e', '0'], dir));
      kl.push(timed('sh', [hook], dir));
    }
    const w = (xs) => xs.map((x) => x.wallMs);
    const c = (xs) => xs.map((x) => x.cpuMs);
    console.log(`hook benchmark: the installed pre-commit hook (${line}) on 5 staged files of real code, paired with node -e 0`);
    console.log(`  node -e 0         wall ${range(w(floor))}, CPU ${range(c(floor))}`);
    console.log(`  pre-commit hook   wall ${range(w(kl))}, CPU ${range(c(kl))}`);
    const m = median(w(kl));
    console.log(
      `  goal              median wall ${m.toFixed(0)} ms <= ${GOAL_MS} ms: ${m <= GOAL_MS ? 'met' : 'NOT met'} (node alone starts in ${median(w(floor)).toFixed(0)} ms here)`,
    );
    return { medianMs: m };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) hookBench();
