import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeylintError } from '../../src/engine/index.js';
import { listFromFile, listGithubRepos, nextLink, rateLimitWait, repoRefOf } from '../../src/org/enumerate.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { mockGithub, type MockGithub } from './helpers.js';

describe('listing an organisation through the GitHub REST API', () => {
  let gh: MockGithub;
  const repos = ['a', 'b', 'c', 'd', 'e'].map((n) => ({ full_name: `acme/${n}`, clone_url: `https://github.example/acme/${n}.git`, fork: n === 'd' }));
  beforeAll(async () => {
    gh = await mockGithub(repos, { rateLimitFirst: true });
  });
  afterAll(() => gh.close());

  it('follows Link pages, waits out a rate-limit refusal and leaves forks out', async () => {
    const waits: number[] = [];
    const listed = await listGithubRepos({ apiUrl: `${gh.url}/`, owner: 'acme', ownerType: 'org', sleep: async (ms) => void waits.push(ms), onWait: () => {} });
    expect(listed.map((r) => r.name)).toEqual(['acme/a', 'acme/b', 'acme/c', 'acme/e']);
    expect(listed[0]).toEqual({ name: 'acme/a', url: 'https://github.example/acme/a.git', sizeKb: 1 });
    expect(waits).toEqual([1000]);
    expect(gh.requests.length).toBe(4);
  });

  it('names an unknown organisation in one line', async () => {
    await expect(listGithubRepos({ apiUrl: gh.url, owner: 'nobody', ownerType: 'user' })).rejects.toThrow(
      /^--user nobody: not found at http:\/\/127\.0\.0\.1:\d+/,
    );
  });

  it('gives up when the reset is further away than allowed', async () => {
    const limited = await mockGithub(repos, { rateLimitFirst: true });
    try {
      await expect(listGithubRepos({ apiUrl: limited.url, owner: 'acme', ownerType: 'org', maxWaitMs: 10 })).rejects.toThrow(/rate limit: reset in 1s/);
    } finally {
      await limited.close();
    }
  });

  it('reads wait times from Retry-After or X-RateLimit-Reset, and the next page from Link', () => {
    const h = (o: Record<string, string>) => ({ headers: new Headers(o) });
    expect(rateLimitWait(h({ 'retry-after': '3' }))).toBe(3000);
    expect(rateLimitWait(h({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1010' }), 1_000_000)).toBe(11_000);
    expect(rateLimitWait(h({ 'x-ratelimit-remaining': '12', 'x-ratelimit-reset': '1010' }))).toBeUndefined();
    expect(nextLink('<https://api/x?page=3>; rel="next", <https://api/x?page=9>; rel="last"')).toBe('https://api/x?page=3');
    expect(nextLink('<https://api/x?page=1>; rel="prev"')).toBeUndefined();
  });
});

describe('listing repositories from a file', () => {
  const tmp = tempDir('keylint-org-list-');
  afterAll(() => tmp.cleanup());

  it('takes clone URLs and paths, skips comments and names each repository', async () => {
    writeFileSync(join(tmp.dir, 'repos.txt'), '# fleet\nhttps://git.example/acme/api.git\ngit@github.com:acme/web.git  # ssh\n\n./local/tools\n');
    expect(await listFromFile('repos.txt', tmp.dir)).toEqual([
      { name: 'acme/api', url: 'https://git.example/acme/api.git' },
      { name: 'acme/web', url: 'git@github.com:acme/web.git' },
      { name: 'tools', url: join(tmp.dir, 'local/tools') },
    ]);
  });

  it('refuses a repository listed twice, naming both lines', async () => {
    writeFileSync(join(tmp.dir, 'dup.txt'), 'https://a.example/acme/api\nhttps://b.example/acme/api.git\n');
    await expect(listFromFile('dup.txt', tmp.dir)).rejects.toThrow('--list dup.txt:2: acme/api is listed twice (line 1 too)');
    await expect(listFromFile('missing.txt', tmp.dir)).rejects.toThrow('--list missing.txt: ENOENT');
    expect(() => repoRefOf('https://host.example/', tmp.dir)).toThrow(KeylintError);
  });
});

describe('keylint org / worker / dashboard command errors', () => {
  const cwd = process.cwd();
  it('asks for the queue and the store in one line each, exit 2', async () => {
    const noRedis = await runCli(['org', 'scan', '--repo', '.'], { cwd });
    expect(noRedis).toMatchObject({ exitCode: 2, stderr: 'keylint: no job queue: pass --redis-url redis://… or set KEYLINT_REDIS_URL\n' });
    const noDb = await runCli(['org', 'report'], { cwd });
    expect(noDb).toMatchObject({ exitCode: 2, stderr: 'keylint: no findings store: pass --database-url postgres://… or set KEYLINT_DATABASE_URL\n' });
    const badRedis = await runCli(['worker', '--redis-url', 'http://x', '--database-url', 'postgres://u@127.0.0.1:1/x'], { cwd });
    expect(badRedis.exitCode).toBe(2);
    const nothing = await runCli(['org', 'scan', '--redis-url', 'redis://127.0.0.1:1'], { cwd });
    expect(nothing).toMatchObject({ exitCode: 2, stderr: 'keylint: org scan: name what to scan: --org, --user, --list or --repo\n' });
  });

  it('says Redis is unreachable in one line instead of reconnecting forever', async () => {
    const r = await runCli(['org', 'scan', '--repo', '.', '--redis-url', 'redis://127.0.0.1:1', '--database-url', 'postgres://u@127.0.0.1:1/x'], { cwd });
    expect(r).toMatchObject({ exitCode: 2, stderr: 'keylint: redis: connection refused (is Redis running at --redis-url?)\n' });
  });

  it('never echoes a database password when the store is unreachable', async () => {
    const r = await runCli(['dashboard', '--database-url', 'postgres://u:hunter2@127.0.0.1:1/x', '--port', '0'], { cwd });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^keylint: database: connection refused\n$/);
    expect(r.stderr).not.toContain('hunter2');
  });

  it('checks numbers before connecting anywhere', async () => {
    const r = await runCli(['worker', '--concurrency', '0', '--redis-url', 'redis://127.0.0.1:1', '--database-url', 'postgres://u@127.0.0.1:1/x'], { cwd });
    expect(r).toMatchObject({ exitCode: 2, stderr: 'keylint: --concurrency: must be a positive whole number\n' });
  });
});
