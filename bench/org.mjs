// Org scan benchmark: REPOS synthetic repositories (COMMITS commits each, generated with
// git fast-import; a few synthetic secrets planted), queued by `keylint org scan --list`,
// scanned by one in-process worker (one scan thread) into Postgres. Paired in the same run
// with a floor per repository: bare clone + `git log --raw --all` + reading every object
// (`git cat-file --batch-all-objects --batch`), which any history scanner must at least do.
// Prints repositories per minute per worker, then adds one commit to one repository and
// prints the second run's time and blobs read (incremental from the tips kept in Postgres).
// Needs KEYLINT_TEST_DATABASE_URL and KEYLINT_TEST_REDIS_URL (or KEYLINT_DATABASE_URL / KEYLINT_REDIS_URL).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { distIsFresh, REPO } from '../scripts/build-stamp.mjs';

const REPOS = Number(process.env.KEYLINT_BENCH_ORG_REPOS ?? 20);
const COMMITS = Number(process.env.KEYLINT_BENCH_ORG_COMMITS ?? 60);
const FILES = 40;
const PG = process.env.KEYLINT_DATABASE_URL ?? process.env.KEYLINT_TEST_DATABASE_URL;
const REDIS = process.env.KEYLINT_REDIS_URL ?? process.env.KEYLINT_TEST_REDIS_URL;
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
const git = (cwd, args, input) => execFileSync('git', args, { cwd, env: GIT_ENV, input, encoding: 'utf8', maxBuffer: 1 << 28 });

if (!PG || !REDIS) {
  console.log('bench:org: skipped: set KEYLINT_TEST_DATABASE_URL and KEYLINT_TEST_REDIS_URL (Postgres and Redis) to run it');
  process.exit(0);
}
if (!distIsFresh()) execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO, stdio: 'inherit' });
const dist = (p) => import(pathToFileURL(join(REPO, 'dist', p)).href);
const { expandExample } = await dist('engine/index.js');
const { OrgStore } = await dist('org/store.js');
const { enqueueRepos, openQueue } = await dist('org/queue.js');
const { startWorker } = await dist('org/worker.js');
const { listFromFile } = await dist('org/enumerate.js');
const { Queue } = await import('bullmq');

// Seeded text so every run builds the same repositories.
let seed = 12345;
const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
const word = () => Math.floor(rand() * 1e9).toString(36);
const sourceFile = (i, c) =>
  Array.from({ length: 60 }, (_, l) => `export const value_${i}_${l} = compute("${word()}", ${c}, ${l}); // ${word()} ${word()}`).join('\n') + '\n';

/** One repository: COMMITS commits, each rewriting 3 of FILES files; one secret planted early and removed later. */
function makeRepo(dir, r) {
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);
  let stream = '';
  const blob = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  for (let c = 0; c < COMMITS; c++) {
    const msg = `commit ${c}`;
    stream += `commit refs/heads/main\ncommitter bench <bench@example.com> ${1_700_000_000 + c * 3600} +0000\ndata ${msg.length}\n${msg}\n`;
    const files = c === 0 ? Array.from({ length: FILES }, (_, i) => i) : [0, 1, 2].map(() => Math.floor(rand() * FILES));
    for (const i of new Set(files)) stream += `M 100644 inline src/file${i}.ts\n${blob(sourceFile(i, c))}`;
    if (c === 5) stream += `M 100644 inline config/.env\n${blob(`GITHUB_TOKEN=${expandExample('{{crc32:ghp_}}', 1000 + r)}\n`)}`;
    if (c === 10) stream += 'D config/.env\n';
    stream += '\n';
  }
  git(dir, ['fast-import', '--quiet'], stream);
}

function floor(url, into) {
  const started = process.hrtime.bigint();
  git(tmpdir(), ['clone', '--bare', '--quiet', url, into]);
  git(into, ['log', '--raw', '--all', '--no-abbrev', '--format=%H']);
  const objects = execFileSync('git', ['cat-file', '--batch-all-objects', '--batch'], { cwd: into, env: GIT_ENV, maxBuffer: 1 << 30 });
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, bytes: objects.length };
}

const tmp = mkdtempSync(join(tmpdir(), 'keylint-bench-org-'));
const schema = `keylint_bench_org_${process.pid}`;
const queue = `keylint-bench-org-${process.pid}-${randomBytes(2).toString('hex')}`;
let store;
try {
  log(`bench:org: building ${REPOS} repositories x ${COMMITS} commits in ${tmp}`);
  const list = [];
  for (let r = 0; r < REPOS; r++) {
    const dir = join(tmp, 'src', `repo${r}`);
    makeRepo(dir, r);
    list.push(dir);
  }
  writeFileSync(join(tmp, 'repos.txt'), list.join('\n') + '\n');
  const repos = await listFromFile(join(tmp, 'repos.txt'), tmp);

  // Floor: what reading each repository costs at the least, serially, as one worker would.
  let floorMs = 0;
  let floorBytes = 0;
  for (const [i, dir] of list.entries()) {
    const f = floor(dir, join(tmp, 'floor', `r${i}.git`));
    floorMs += f.ms;
    floorBytes += f.bytes;
  }

  store = await OrgStore.open({ databaseUrl: PG, schema });
  const runOnce = async (label) => {
    const runId = await store.startRun(label, repos);
    const q = await openQueue({ redisUrl: REDIS, queue });
    await enqueueRepos(q, runId, repos, { attempts: 1, backoffMs: 1000 });
    await q.close();
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const worker = await startWorker({
      redisUrl: REDIS,
      queue,
      store,
      concurrency: 1,
      lockMs: 30_000,
      drain: true,
      log: () => {},
      scan: { mirror: { cacheDir: join(tmp, 'cache'), timeoutMs: 600_000 }, timeoutMs: 600_000, threads: 1 },
    });
    await worker.done;
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    const rows = await store.query('SELECT repo, status, blobs, duration_ms, incremental FROM org_repo_runs WHERE run_id = $1', [runId]);
    const failed = rows.filter((r) => r.status !== 'done');
    if (failed.length) throw new Error(`${failed.length} repositories did not finish: ${failed.map((f) => f.repo).join(', ')}`);
    return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, rows };
  };

  const full = await runOnce('bench full');
  const blobsFull = full.rows.reduce((a, r) => a + r.blobs, 0);
  const perMin = (REPOS / full.wallMs) * 60_000;
  console.log(
    `org scan, first run: ${REPOS} repositories (${COMMITS} commits, ${blobsFull} blobs in all) in ${(full.wallMs / 1000).toFixed(2)} s wall, ${(full.cpuMs / 1000).toFixed(2)} s CPU in the worker process (git children not counted), 1 worker, 1 scan thread`,
  );
  console.log(`  => ${perMin.toFixed(1)} repositories per minute per worker`);
  console.log(
    `  floor (bare clone + git log --raw --all + cat-file of every object, serial): ${(floorMs / 1000).toFixed(2)} s wall, ${(floorBytes / 1048576).toFixed(1)} MB read => ${((REPOS / floorMs) * 60_000).toFixed(1)} repositories per minute; keylint/floor ${(full.wallMs / floorMs).toFixed(2)}x`,
  );

  git(list[0], ['checkout', '-q', 'main']);
  writeFileSync(join(list[0], 'src', 'new.ts'), `export const key = "${expandExample('{{crc32:ghp_}}', 99)}";\n`);
  git(list[0], ['add', '-A']);
  git(list[0], ['commit', '-q', '-m', 'one new commit']);
  const second = await runOnce('bench incremental');
  const changed = second.rows.find((r) => r.repo === 'repo0');
  const blobsSecond = second.rows.reduce((a, r) => a + r.blobs, 0);
  const firstRepo0 = full.rows.find((r) => r.repo === 'repo0');
  console.log(
    `org scan, second run after one new commit in repo0: ${(second.wallMs / 1000).toFixed(2)} s wall for all ${REPOS} repositories (fetch + incremental scan), ${blobsSecond} blobs read in all (first run: ${blobsFull})`,
  );
  console.log(
    `  repo0: ${changed.blobs} blobs read in ${changed.duration_ms} ms, incremental=${changed.incremental} (first run: ${firstRepo0.blobs} blobs in ${firstRepo0.duration_ms} ms)`,
  );
} finally {
  await store?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
  await store?.close();
  const q = new Queue(queue, { connection: { url: REDIS } });
  await q.obliterate({ force: true }).catch(() => {});
  await q.close();
  rmSync(tmp, { recursive: true, force: true });
}
