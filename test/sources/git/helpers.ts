import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** git with no global or system config, so tests pass on a machine with none (and ignore a developer's). */
export const GIT_TEST_ENV = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' };

export interface Author {
  name: string;
  email: string;
}

/** A real repository in `dir`; commits carry the given author and increasing fixed dates. */
export function gitRepo(dir: string, options: { init?: boolean } = {}) {
  let tick = 0;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: GIT_TEST_ENV }).trim();
  if (options.init !== false) {
    git('init', '-q', '-b', 'main');
    git('config', 'user.name', 'Test Dev');
    git('config', 'user.email', 'dev@example.com');
    git('config', 'commit.gpgsign', 'false');
  }
  const write = (files: Record<string, string | Buffer | null>) => {
    for (const [rel, content] of Object.entries(files)) {
      const abs = join(dir, rel);
      if (content === null) rmSync(abs, { force: true });
      else {
        mkdirSync(dirname(abs), { recursive: true });
        writeFileSync(abs, content);
      }
    }
  };
  return {
    dir,
    git,
    write,
    /** Writes files (null deletes one), stages everything and commits; returns the commit's sha. */
    commit(message: string, files: Record<string, string | Buffer | null>, author: Author = { name: 'Test Dev', email: 'dev@example.com' }): string {
      write(files);
      git('add', '-A');
      return this.commitStaged(message, author);
    },
    /** Commits what is staged. */
    commitStaged(message: string, author: Author = { name: 'Test Dev', email: 'dev@example.com' }): string {
      const date = `2024-01-01T00:${String(Math.floor(tick / 60)).padStart(2, '0')}:${String(tick % 60).padStart(2, '0')}Z`;
      tick++;
      execFileSync(
        'git',
        ['-c', `user.name=${author.name}`, '-c', `user.email=${author.email}`, '-c', 'commit.gpgsign=false', 'commit', '-q', '--allow-empty', '-m', message],
        {
          cwd: dir,
          env: { ...GIT_TEST_ENV, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
        },
      );
      return git('rev-parse', 'HEAD');
    },
  };
}
