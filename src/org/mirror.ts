import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KeylintError } from '../engine/index.js';
import type { RepoRef } from './types.js';

const run = promisify(execFile);

export interface MirrorOptions {
  cacheDir: string;
  /** Longest a clone or fetch may take. */
  timeoutMs: number;
  /** Refuse repositories whose packed size exceeds this (KB). */
  maxSizeKb?: number;
  /** HTTPS token for these hosts, sent as a header through git's environment (never argv, never the queue). */
  token?: { value: string; hosts: string[] };
}

/** A bare copy of a repository in the cache, up to date with its origin, and the commits its refs point at. */
export interface Mirror {
  dir: string;
  tips: string[];
}

/** Clones a repository bare into the cache, or fetches into the copy already there. */
export async function syncMirror(repo: RepoRef, o: MirrorOptions): Promise<Mirror> {
  if (o.maxSizeKb !== undefined && repo.sizeKb !== undefined && repo.sizeKb > o.maxSizeKb) {
    throw new KeylintError(`${repo.name}: ${repo.sizeKb} KB, over the ${o.maxSizeKb} KB limit (--max-repo-size)`);
  }
  await mkdir(o.cacheDir, { recursive: true });
  const dir = join(o.cacheDir, mirrorName(repo));
  const env = gitEnv(repo.url, o.token);
  let fresh = false;
  if (existsSync(dir)) {
    try {
      await gitIn(dir, ['fetch', '--quiet', '--prune', '--force', 'origin', '+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'], o.timeoutMs, env);
    } catch (e) {
      // A copy left broken (a worker killed mid-clone on an old version, a disk error): start over once.
      if (!(await isRepo(dir))) {
        await rm(dir, { recursive: true, force: true });
      } else throw e;
    }
  }
  if (!existsSync(dir)) {
    // Clone beside the final name, then rename: a worker killed mid-clone never leaves a half copy under it.
    const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
    try {
      await gitIn(o.cacheDir, ['clone', '--bare', '--quiet', '--', repo.url, tmp], o.timeoutMs, env);
      await rename(tmp, dir);
      fresh = true;
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }
  if (o.maxSizeKb !== undefined) {
    const kb = await packedSizeKb(dir);
    if (kb > o.maxSizeKb) {
      if (fresh) await rm(dir, { recursive: true, force: true });
      throw new KeylintError(`${repo.name}: ${kb} KB packed, over the ${o.maxSizeKb} KB limit (--max-repo-size)`);
    }
  }
  return { dir, tips: await tipsOf(dir, o.timeoutMs) };
}

/** The distinct commits (or tags) the branches and tags point at, sorted: what the next scan starts after. */
export async function tipsOf(dir: string, timeoutMs = 60_000): Promise<string[]> {
  const out = await gitIn(dir, ['for-each-ref', '--format=%(objectname)', 'refs/heads', 'refs/tags'], timeoutMs);
  return [...new Set(out.split('\n').filter(Boolean))].sort();
}

/** The tips of an earlier scan still present in the copy (a force-push drops some); unknown ones cannot be excluded. */
export async function presentTips(dir: string, tips: readonly string[]): Promise<string[]> {
  const present: string[] = [];
  for (const t of tips) {
    if (!/^[0-9a-f]{40,64}$/.test(t)) continue;
    try {
      await gitIn(dir, ['cat-file', '-e', t], 30_000);
      present.push(t);
    } catch {
      // Gone: history before it is rescanned, which costs time but never misses a secret.
    }
  }
  return present;
}

function mirrorName(repo: RepoRef): string {
  const hash = createHash('sha256').update(repo.url).digest('hex').slice(0, 10);
  return `${repo.name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80)}-${hash}.git`;
}

async function isRepo(dir: string): Promise<boolean> {
  try {
    await gitIn(dir, ['rev-parse', '--git-dir'], 10_000);
    return true;
  } catch {
    return false;
  }
}

async function packedSizeKb(dir: string): Promise<number> {
  const out = await gitIn(dir, ['count-objects', '-v'], 60_000);
  const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)`, 'm').exec(out)?.[1] ?? 0);
  return field('size') + field('size-pack');
}

function gitEnv(url: string, token: MirrorOptions['token']): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
  if (!token) return env;
  let host: string;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:') return env;
    host = u.host;
  } catch {
    return env;
  }
  if (!token.hosts.includes(host)) return env;
  const basic = Buffer.from(`x-access-token:${token.value}`).toString('base64');
  return { ...env, GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: `http.https://${host}/.extraheader`, GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}` };
}

async function gitIn(cwd: string, args: string[], timeoutMs: number, env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C' }): Promise<string> {
  try {
    return (await run('git', args, { cwd, env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 << 20 })).stdout;
  } catch (e) {
    const err = e as { killed?: boolean; code?: string | number; stderr?: string; message: string };
    if (err.killed) throw new KeylintError(`git ${args[0]}: timed out after ${Math.round(timeoutMs / 1000)}s`);
    if (err.code === 'ENOENT') throw new KeylintError('git: not found on PATH');
    const lines = String(err.stderr ?? err.message)
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const line = lines.find((l) => l.startsWith('fatal:')) ?? lines.find((l) => l.startsWith('error:')) ?? lines[0] ?? 'failed';
    // A URL in git's message may carry credentials: keep only its host.
    throw new KeylintError(`git ${args[0]}: ${line.replace(/(https?:\/\/)[^/\s@]+@/g, '$1')}`);
  }
}
