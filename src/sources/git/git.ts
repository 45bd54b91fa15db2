import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { KeylintError } from '../../engine/index.js';

const run = promisify(execFile);

/** A git command failed; the message is the one line of git's stderr that says why. */
export class GitError extends KeylintError {
  override name = 'GitError';
}

/** The line of git's stderr worth showing: the first fatal or error line, else the first line. */
export function gitReason(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.find((l) => l.startsWith('fatal:')) ?? lines.find((l) => l.startsWith('error:')) ?? lines[0] ?? 'failed';
}

// Keep git from prompting or paging inside a hook or a test.
export const GIT_ENV = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C' };

/** Runs git in `repo` and returns its stdout; failure becomes a one-line GitError. */
export async function git(repo: string, args: string[]): Promise<string> {
  return (await gitBuffer(repo, args)).toString('utf8');
}

/** Like `git`, but stdout as bytes (paths in -z output need not be UTF-8). */
export async function gitBuffer(repo: string, args: string[], options: { okExit?: number[] } = {}): Promise<Buffer> {
  try {
    return (await run('git', args, { cwd: repo, env: GIT_ENV, maxBuffer: 1 << 30, encoding: 'buffer' })).stdout;
  } catch (e) {
    const err = e as Omit<NodeJS.ErrnoException, 'code'> & { code?: string | number; stdout?: Buffer; stderr?: Buffer };
    if (typeof err.code === 'number' && options.okExit?.includes(err.code)) return err.stdout ?? Buffer.alloc(0);
    if (err.code === 'ENOENT') throw new GitError('git: not found on PATH (keylint reads history through git)');
    throw new GitError(`git ${args.find((a) => !a.startsWith('-')) ?? ''}: ${gitReason(String(err.stderr ?? err.message))}`);
  }
}

/** Whether a revision names a commit in this repository. */
export async function resolves(repo: string, rev: string): Promise<boolean> {
  try {
    await gitBuffer(repo, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/** A repository keylint reads: its work-tree root (or git dir when bare) and its git dir. */
export interface RepoInfo {
  top: string;
  gitDir: string;
  shallow: boolean;
}

/**
 * Checks that `dir` is inside a git repository and finds its root; `label` names it in errors.
 * One rev-parse answers every question, which matters in a pre-commit hook's time budget.
 */
export async function openRepo(dir: string, label = dir): Promise<RepoInfo> {
  if (!existsSync(dir)) throw new GitError(`${label}: no such directory`);
  const ask = ['rev-parse', '--is-bare-repository', '--absolute-git-dir', '--is-shallow-repository'];
  let out: string;
  try {
    out = await git(dir, [...ask, '--show-toplevel']);
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    if (/not a git repository/i.test(e.message)) throw new GitError(`${label}: not a git repository`);
    // A bare repository has no work tree to show: its git dir is its root.
    out = await git(dir, ask);
  }
  const [bare, gitDir, shallow, top] = out.trim().split('\n');
  return { top: bare === 'true' || !top ? gitDir! : top, gitDir: gitDir!, shallow: shallow === 'true' };
}

/** Splits `-z` output into its NUL-terminated fields. */
export function nulFields(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = buf.indexOf(0); i >= 0; i = buf.indexOf(0, start)) {
    out.push(buf.subarray(start, i));
    start = i + 1;
  }
  if (start < buf.length) out.push(buf.subarray(start));
  return out;
}
