import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { runAction } from '../../src/action/main.js';

/** A real git repository in `dir`, committing as a fixed author at increasing dates. */
export function gitRepo(dir: string) {
  let tick = 0;
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } }).trim();
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Test Dev');
  git('config', 'user.email', 'dev@example.com');
  git('config', 'commit.gpgsign', 'false');
  return {
    git,
    /** Writes files and commits them; returns the new commit's sha. */
    commit(message: string, files: Record<string, string>): string {
      for (const [rel, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, rel)), { recursive: true });
        writeFileSync(join(dir, rel), text);
      }
      git('add', '-A');
      const date = `2024-01-01T00:00:${String(tick++).padStart(2, '0')}Z`;
      execFileSync('git', ['commit', '-q', '-m', message], {
        cwd: dir,
        env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_CONFIG_GLOBAL: '/dev/null' },
      });
      return git('rev-parse', 'HEAD');
    },
  };
}

/** A pull_request event payload shaped like the one GitHub writes (the fields keylint reads, and their usual neighbours). */
export function pullRequestPayload(base: { sha: string; ref: string }, head: { sha: string; ref: string }, number = 7) {
  const repo = { id: 1, name: 'demo', full_name: 'octo/demo', private: false, default_branch: 'main', html_url: 'https://github.com/octo/demo' };
  return {
    action: 'synchronize',
    number,
    before: '0'.repeat(40),
    after: head.sha,
    pull_request: {
      number,
      state: 'open',
      title: 'Add feature',
      user: { login: 'octocat', id: 1 },
      head: { label: `octo:${head.ref}`, ref: head.ref, sha: head.sha, repo },
      base: { label: `octo:${base.ref}`, ref: base.ref, sha: base.sha, repo },
      merged: false,
      commits: 2,
    },
    repository: repo,
    sender: { login: 'octocat', id: 1 },
  };
}

export interface ActionRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
}

/** Reads a GITHUB_OUTPUT file: `name=value` lines and `name<<DELIM` … `DELIM` blocks. */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      if (end < 0) throw new Error(`unterminated ${heredoc[1]}`);
      out[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return out;
}

/** Runs the action's entry point in-process in a simulated runner: event payload, summary and output files under `runnerDir`. */
export async function runActionIn(
  workspace: string,
  runnerDir: string,
  options: { event: string; payload?: unknown; inputs?: Record<string, string> },
): Promise<ActionRun> {
  const eventPath = join(runnerDir, 'event.json');
  const summaryPath = join(runnerDir, 'step_summary.md');
  const outputPath = join(runnerDir, 'output.txt');
  writeFileSync(eventPath, JSON.stringify(options.payload ?? {}));
  writeFileSync(summaryPath, '');
  writeFileSync(outputPath, '');
  const env: NodeJS.ProcessEnv = {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_EVENT_NAME: options.event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_OUTPUT: outputPath,
    GIT_CONFIG_GLOBAL: '/dev/null',
    PATH: process.env.PATH,
    HOME: process.env.HOME,
  };
  // The names a node action's runner would set (INPUT_ + upper case, dashes kept).
  for (const [k, v] of Object.entries(options.inputs ?? {})) env[`INPUT_${k.toUpperCase()}`] = v;
  const parts = { out: [] as string[], err: [] as string[] };
  const sink = (into: string[]) => new Writable({ write: (c, _e, cb) => (into.push(String(c)), cb()) });
  const exitCode = await runAction({ stdin: Readable.from([]), stdout: sink(parts.out), stderr: sink(parts.err), cwd: workspace, env });
  return {
    exitCode,
    stdout: parts.out.join(''),
    stderr: parts.err.join(''),
    summary: readFileSync(summaryPath, 'utf8'),
    outputs: parseOutputs(readFileSync(outputPath, 'utf8')),
  };
}
