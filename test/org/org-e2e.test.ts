import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { addCommit, dropSchema, makeRepo, mockGithub, PG_URL, plantedSecrets, REDIS_URL, spawnWorker, uniqueName, type MockGithub } from './helpers.js';

if (!PG_URL || !REDIS_URL) console.warn('org scan end to end: skipped: set KEYLINT_TEST_DATABASE_URL and KEYLINT_TEST_REDIS_URL to run it');

interface JsonFinding {
  ruleId: string;
  file: string;
  line: number;
  fingerprint: string;
  redacted: string;
  commit: string;
}

/** The report as secret -> sorted locations (repo:path), failing on any location listed twice. */
function bySecret(findings: JsonFinding[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of findings) out.set(f.fingerprint, [...(out.get(f.fingerprint) ?? []), f.file]);
  for (const [fp, files] of out) {
    expect(new Set(files).size, `${fp} has a location twice: ${files.join(', ')}`).toBe(files.length);
    files.sort();
  }
  return out;
}

describe.skipIf(!PG_URL || !REDIS_URL)('keylint org scan + two workers, Redis queue, Postgres store', () => {
  const schema = uniqueName('keylint_org');
  const queue = uniqueName('keylint-org-test');
  const tmp = tempDir('keylint-org-');
  const secrets = plantedSecrets(4242);
  let gh: MockGithub;
  const repoDir = (name: string) => join(tmp.dir, 'src', name);
  const common = () => ['--database-url', PG_URL!, '--schema', schema, '--redis-url', REDIS_URL!, '--queue', queue];
  const workerArgs = () => [...common(), '--drain', '--lock-ms', '1500', '--cache-dir', join(tmp.dir, 'cache'), '--threads', '1'];
  const report = async (extra: string[] = []) => {
    const r = await runCli(['org', 'report', '--format', 'json', ...common().slice(0, 4), ...extra], { cwd: tmp.dir });
    expect(r.stderr).not.toMatch(/internal error/);
    return { ...r, findings: (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings };
  };
  const fp = new Map<string, string>();

  beforeAll(async () => {
    makeRepo(repoDir('alpha'), [
      { message: 'add env', files: { 'config/.env': `GITHUB_TOKEN=${secrets.github}\n` } },
      { message: 'drop env', files: { 'config/.env': null } },
      { message: 'npm', files: { '.npmrc': `//registry.npmjs.org/:_authToken=${secrets.npm}\n` } },
    ]);
    makeRepo(repoDir('beta'), [
      { message: 'settings', files: { 'src/settings.py': `GITHUB_TOKEN = "${secrets.github}"\n`, 'keys/age.txt': `AGE_KEY=${secrets.age}\n` } },
    ]);
    makeRepo(repoDir('gamma'), [
      { message: 'readme', files: { 'README.md': '# gamma\n' } },
      { message: 'deploy key on a branch', branch: 'feature', files: { 'deploy/age.env': `AGE_KEY=${secrets.age}\n` } },
    ]);
    mkdirSync(join(tmp.dir, 'src', 'broken'), { recursive: true });
    gh = await mockGithub(
      [
        { full_name: 'acme/alpha', clone_url: repoDir('alpha') },
        { full_name: 'acme/beta', clone_url: repoDir('beta') },
        { full_name: 'acme/gamma', clone_url: repoDir('gamma') },
        { full_name: 'acme/broken', clone_url: join(tmp.dir, 'src', 'broken') },
        { full_name: 'acme/beta-fork', clone_url: repoDir('beta'), fork: true },
      ],
      { rateLimitFirst: true },
    );
  });

  afterAll(async () => {
    await gh?.close();
    const q = new Queue(queue, { connection: { url: REDIS_URL! } });
    await q.obliterate({ force: true }).catch(() => {});
    await q.close();
    await dropSchema(schema);
    tmp.cleanup();
  });

  it('reports every planted secret once with all its locations, though a worker was killed mid-job', async () => {
    // Worker 1 pauses after scanning its first repository and before writing: killed there, its job must come back whole.
    const scan = await runCli(['org', 'scan', '--org', 'acme', '--api-url', gh.url, ...common(), '--attempts', '2', '--backoff-ms', '100'], { cwd: tmp.dir });
    expect(scan.stderr).toContain('rate limit reached; waiting 1s');
    expect(scan.stdout).toMatch(/^run 1: 4 repositories queued/);
    expect(gh.requests.filter((r) => /[?&]page=2\b/.test(r))).toHaveLength(1);

    const first = spawnWorker(workerArgs(), { KEYLINT_WORKER_PAUSE_BEFORE_WRITE_MS: '60000' });
    await first.waitFor(/paused before writing/);
    const killedRepo = /scanning (acme\/\w+)/.exec(
      first
        .log()
        .split('paused before writing')[0]!
        .split('\n')
        .reverse()
        .find((l) => l.includes('scanning ')) ?? '',
    )![1];
    const second = spawnWorker(workerArgs());
    first.proc.kill('SIGKILL');
    await first.exited;
    const restarted = spawnWorker(workerArgs());
    expect(await second.exited, second.log()).toBe(0);
    expect(await restarted.exited, restarted.log()).toBe(0);
    const all = first.log() + second.log() + restarted.log();
    expect(all.match(new RegExp(`done ${killedRepo}:`, 'g')), all).toHaveLength(1);

    const r = await report();
    expect(r.exitCode).toBe(1);
    for (const f of r.findings) {
      expect(f.commit).toMatch(/^[0-9a-f]{40}$/);
      fp.set(f.redacted, f.fingerprint);
    }
    const got = bySecret(r.findings);
    const byRule = (rule: string) => [...new Set(r.findings.filter((f) => f.ruleId.startsWith(rule)).map((f) => f.fingerprint))];
    expect(byRule('github')).toHaveLength(1);
    expect(byRule('npm')).toHaveLength(1);
    expect(byRule('age')).toHaveLength(1);
    expect(got.get(byRule('github')[0]!)).toEqual(['acme/alpha:config/.env', 'acme/beta:src/settings.py']);
    expect(got.get(byRule('npm')[0]!)).toEqual(['acme/alpha:.npmrc']);
    expect(got.get(byRule('age')[0]!)).toEqual(['acme/beta:keys/age.txt', 'acme/gamma:deploy/age.env']);
    expect(got.size).toBe(3);
    // No raw value anywhere in what the report prints.
    for (const s of Object.values(secrets)) expect(r.stdout).not.toContain(s);
    // The poisoned repository failed alone, with its reason, after its retries.
    expect(r.stderr).toMatch(/run 1: acme\/broken failed: git clone: .*(not a git repository|does not exist|not appear to be)/);
    expect(r.stderr).not.toMatch(/acme\/(alpha|beta|gamma)/);

    const db = new pg.Client({ connectionString: PG_URL!, options: `-c search_path=${schema}` });
    await db.connect();
    try {
      const rows = (await db.query('SELECT repo, status, attempts FROM org_repo_runs WHERE run_id = 1 ORDER BY repo')).rows;
      expect(rows).toEqual([
        { repo: 'acme/alpha', status: 'done', attempts: 1 },
        { repo: 'acme/beta', status: 'done', attempts: 1 },
        { repo: 'acme/broken', status: 'failed', attempts: 2 },
        { repo: 'acme/gamma', status: 'done', attempts: 1 },
      ]);
    } finally {
      await db.end();
    }
  }, 120_000);

  it('a second run after one new commit scans only that commit and reports only its secret as new', async () => {
    const fresh = plantedSecrets(777).github;
    addCommit(repoDir('alpha'), { message: 'oops', files: { 'ci/token.txt': `token: ${fresh}\n` } });
    const scan = await runCli(['org', 'scan', '--org', 'acme', '--api-url', gh.url, ...common(), '--attempts', '1'], { cwd: tmp.dir });
    expect(scan.stdout).toMatch(/^run 2: 4 repositories queued/);
    const w = spawnWorker(workerArgs());
    expect(await w.exited, w.log()).toBe(0);
    expect(w.log()).toMatch(/done acme\/alpha: incremental, 1 blobs, 1 findings/);
    expect(w.log()).toMatch(/done acme\/beta: incremental, 0 blobs, 0 findings/);

    const news = await report(['--new']);
    expect(news.findings.map((f) => f.file)).toEqual(['acme/alpha:ci/token.txt']);
    const everything = await report();
    expect(new Set(everything.findings.map((f) => f.fingerprint)).size).toBe(4);
    expect(everything.findings).toHaveLength(6);
  }, 60_000);
});
