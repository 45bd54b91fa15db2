import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { KeylintError } from '../engine/index.js';
import type { RepoRef } from './types.js';

export interface GithubListing {
  /** `https://api.github.com`, or a GitHub Enterprise `https://host/api/v3`. */
  apiUrl: string;
  owner: string;
  /** An organisation's repositories, or a user's. */
  ownerType: 'org' | 'user';
  token?: string;
  includeForks?: boolean;
  includeArchived?: boolean;
  /** Longest wait for a rate-limit reset before giving up (default 15 minutes). */
  maxWaitMs?: number;
  /** Called when the listing waits for the rate limit (the CLI prints it). */
  onWait?: (ms: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

interface GithubRepo {
  full_name: string;
  clone_url: string;
  fork: boolean;
  archived: boolean;
  size: number;
}

const PER_PAGE = 100;

/** Every repository of a GitHub organisation or user, page by page, waiting out the rate limit when it runs dry. */
export async function listGithubRepos(o: GithubListing): Promise<RepoRef[]> {
  const base = o.apiUrl.replace(/\/+$/, '');
  const path = o.ownerType === 'org' ? `orgs/${encodeURIComponent(o.owner)}/repos?type=all` : `users/${encodeURIComponent(o.owner)}/repos?type=owner`;
  let next: string | undefined = `${base}/${path}&per_page=${PER_PAGE}`;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxWait = o.maxWaitMs ?? 15 * 60_000;
  const out: RepoRef[] = [];
  for (let pages = 0; next; pages++) {
    if (pages > 10_000) throw new KeylintError(`${base}: more than 10,000 pages of repositories; is the Link header looping?`);
    const res = await getPage(next, o.token);
    const wait = rateLimitWait(res);
    if (wait !== undefined && (res.status === 403 || res.status === 429)) {
      if (wait > maxWait)
        throw new KeylintError(
          `GitHub API rate limit: reset in ${Math.ceil(wait / 1000)}s, longer than the wait allowed; set a token in GITHUB_TOKEN or try later`,
        );
      o.onWait?.(wait);
      await sleep(wait);
      pages--;
      continue;
    }
    if (res.status === 404)
      throw new KeylintError(`${o.ownerType === 'org' ? '--org' : '--user'} ${o.owner}: not found at ${base} (or the token cannot see it)`);
    if (res.status === 401) throw new KeylintError(`${base}: 401 unauthorized: the token in GITHUB_TOKEN was refused`);
    if (!res.ok) throw new KeylintError(`${base}: listing repositories failed: HTTP ${res.status}`);
    const body: unknown = await res.json().catch(() => undefined);
    if (!Array.isArray(body)) throw new KeylintError(`${base}: listing repositories: expected a JSON array of repositories`);
    for (const r of body as GithubRepo[]) {
      if (typeof r?.full_name !== 'string' || typeof r.clone_url !== 'string') throw new KeylintError(`${base}: a repository without full_name or clone_url`);
      if (r.fork && !o.includeForks) continue;
      if (r.archived && o.includeArchived === false) continue;
      out.push({ name: r.full_name, url: r.clone_url, ...(typeof r.size === 'number' ? { sizeKb: r.size } : {}) });
    }
    next = nextLink(res.headers.get('link'));
    // Out of requests with pages still to come: wait for the reset now rather than be refused.
    const dry = next ? rateLimitWait(res) : undefined;
    if (dry !== undefined && res.headers.get('x-ratelimit-remaining') === '0') {
      if (dry > maxWait)
        throw new KeylintError(
          `GitHub API rate limit: reset in ${Math.ceil(dry / 1000)}s, longer than the wait allowed; set a token in GITHUB_TOKEN or try later`,
        );
      o.onWait?.(dry);
      await sleep(dry);
    }
  }
  return out;
}

async function getPage(url: string, token: string | undefined): Promise<Response> {
  try {
    return await fetch(url, {
      headers: {
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'user-agent': 'keylint',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    throw new KeylintError(
      `${new URL(url).origin}: ${(e as Error).name === 'TimeoutError' ? 'no answer in 30s' : ((e as { cause?: Error }).cause?.message ?? (e as Error).message)}`,
    );
  }
}

/** How long the response asks us to wait: Retry-After (seconds), else until X-RateLimit-Reset when none remain. */
export function rateLimitWait(res: Pick<Response, 'headers'>, now = Date.now()): number | undefined {
  const retryAfter = res.headers.get('retry-after');
  if (retryAfter && /^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
  if (res.headers.get('x-ratelimit-remaining') !== '0') return undefined;
  const reset = Number(res.headers.get('x-ratelimit-reset'));
  if (!Number.isFinite(reset) || reset <= 0) return 60_000;
  return Math.max(0, reset * 1000 - now) + 1000;
}

/** The `rel="next"` URL of a Link header. */
export function nextLink(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m) return m[1];
  }
  return undefined;
}

/** Repositories from a file of clone URLs or local paths, one a line (`#` starts a comment). */
export async function listFromFile(file: string, cwd: string): Promise<RepoRef[]> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new KeylintError(`--list ${file}: ${(e as NodeJS.ErrnoException).code ?? 'cannot read'}`);
  }
  const out: RepoRef[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    const ref = repoRefOf(line, cwd);
    const earlier = seen.get(ref.name);
    if (earlier !== undefined) throw new KeylintError(`--list ${file}:${i + 1}: ${ref.name} is listed twice (line ${earlier} too)`);
    seen.set(ref.name, i + 1);
    out.push(ref);
  });
  return out;
}

/** A repository from a clone URL (named owner/repo) or a local path (named by its folder). */
export function repoRefOf(entry: string, cwd: string): RepoRef {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^[^/\s]+@[^:\s]+:/.test(entry)) {
    const path = entry.replace(/^[^@/]+@[^:]+:/, '/').replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+/i, '');
    const parts = path
      .replace(/\.git\/?$/, '')
      .split('/')
      .filter(Boolean);
    if (parts.length === 0) throw new KeylintError(`${entry}: no repository path in this URL`);
    return { name: parts.slice(-2).join('/'), url: entry };
  }
  const abs = resolve(cwd, entry);
  return { name: basename(abs).replace(/\.git$/, ''), url: abs };
}
