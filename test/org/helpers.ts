import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { expandExample } from '../../src/engine/index.js';

export const PG_URL = process.env.KEYLINT_TEST_DATABASE_URL;
export const REDIS_URL = process.env.KEYLINT_TEST_REDIS_URL;
export const BIN = join(import.meta.dirname, '../../bin/keylint.js');

/** A schema and a queue name of their own, so parallel runs never see each other's rows or jobs. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL! });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await c.end();
}

/** Synthetic secrets of three providers, expanded from the rule templates at test time (seeded, so reruns match). */
export function plantedSecrets(seed: number) {
  return {
    github: expandExample('{{crc32:ghp_}}', seed),
    npm: expandExample('{{crc32:npm_}}', seed + 1),
    age: expandExample('{{bech32:AGE-SECRET-KEY-:52}}', seed + 2),
  };
}

export interface Commit {
  files: Record<string, string | null>;
  message: string;
  branch?: string;
}

function git(dir: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.com' },
  });
}

/** A real git repository built commit by commit (a file set to null is deleted). */
export function makeRepo(dir: string, commits: Commit[]): void {
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);
  for (const c of commits) addCommit(dir, c);
}

export function addCommit(dir: string, c: Commit): string {
  if (c.branch) git(dir, ['checkout', '-q', '-B', c.branch]);
  for (const [path, text] of Object.entries(c.files)) {
    const file = join(dir, path);
    if (text === null) rmSync(file);
    else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
  }
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', c.message]);
  const sha = git(dir, ['rev-parse', 'HEAD']).trim();
  if (c.branch) git(dir, ['checkout', '-q', 'main']);
  return sha;
}

export interface MockGithub {
  url: string;
  requests: string[];
  close: () => Promise<void>;
}

/**
 * A loopback GitHub API listing `repos` under org `acme`, two a page with Link headers; the
 * first request is refused with a rate-limit 403 and Retry-After: 1, as GitHub does.
 */
export async function mockGithub(
  repos: { full_name: string; clone_url: string; fork?: boolean }[],
  options: { rateLimitFirst?: boolean } = {},
): Promise<MockGithub> {
  const requests: string[] = [];
  let limited = options.rateLimitFirst ?? false;
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const u = new URL(req.url ?? '/', 'http://x');
    if (limited) {
      limited = false;
      res.writeHead(403, { 'retry-after': '1', 'x-ratelimit-remaining': '0', 'content-type': 'application/json' }).end('{"message":"API rate limit exceeded"}');
      return;
    }
    if (u.pathname !== '/orgs/acme/repos') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
      return;
    }
    const page = Number(u.searchParams.get('page') ?? 1);
    const slice = repos.slice((page - 1) * 2, page * 2);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-ratelimit-remaining': '4999' };
    if (page * 2 < repos.length) headers.link = `<http://${req.headers.host}/orgs/acme/repos?type=all&per_page=2&page=${page + 1}>; rel="next"`;
    res.writeHead(200, headers).end(JSON.stringify(slice.map((r) => ({ fork: false, archived: false, size: 1, ...r }))));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((r) => server.close(() => r())) };
}

/** A `keylint worker` child process with its stderr collected; `waitFor` resolves when a line matches. */
export interface WorkerProcess {
  proc: ChildProcess;
  log: () => string;
  waitFor: (re: RegExp, timeoutMs?: number) => Promise<void>;
  exited: Promise<number | null>;
}

export function spawnWorker(args: string[], env: NodeJS.ProcessEnv = {}): WorkerProcess {
  const proc = spawn(process.execPath, [BIN, 'worker', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let text = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  proc.stderr!.on('data', (d: Buffer) => {
    text += d.toString();
    for (const w of [...waiters]) if (w.re.test(text)) w.resolve();
  });
  const exited = new Promise<number | null>((r) => proc.on('close', (code) => r(code)));
  return {
    proc,
    log: () => text,
    exited,
    waitFor: (re, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        if (re.test(text)) return resolve();
        const timer = setTimeout(() => reject(new Error(`worker never logged ${re}; log:\n${text}`)), timeoutMs);
        waiters.push({ re, resolve: () => (clearTimeout(timer), resolve()) });
        void exited.then(() => setTimeout(() => reject(new Error(`worker exited before logging ${re}; log:\n${text}`)), 50));
      }),
  };
}
