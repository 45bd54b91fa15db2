import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandExample } from '../../src/engine/index.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { GIT_TEST_ENV, gitRepo } from '../sources/git/helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keylint-prepush-')));
afterEach(() => cleanup());

let seed = 200;
const ghp = () => expandExample('{{crc32:ghp_}}', seed++);
const ZERO = '0'.repeat(40);
const files = (stdout: string) => (JSON.parse(stdout) as { findings: { file: string }[] }).findings.map((f) => f.file).sort();

/** A clone whose origin already has one secret; locally, one more commit adds another. */
function pushed() {
  const origin = join(dir, 'origin.git');
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', origin], { env: GIT_TEST_ENV });
  const work = join(dir, 'work');
  execFileSync('mkdir', ['-p', work]);
  const repo = gitRepo(work);
  repo.commit('old secret', { 'old.env': `GITHUB_TOKEN=${ghp()}\n` });
  repo.git('remote', 'add', 'origin', origin);
  repo.git('push', '-q', 'origin', 'main');
  const remoteSha = repo.git('rev-parse', 'HEAD');
  const localSha = repo.commit('new secret', { 'new.env': `GITHUB_TOKEN=${ghp()}\n` });
  return { repo, work, remoteSha, localSha };
}

describe('keylint pre-push', () => {
  it('scans only the pushed range', async () => {
    const { work, remoteSha, localSha } = pushed();
    const r = await runCli(['pre-push', 'origin', 'file:///x', '--format', 'json'], {
      cwd: work,
      stdin: `refs/heads/main ${localSha} refs/heads/main ${remoteSha}\n`,
    });
    expect(r.exitCode).toBe(1);
    expect(files(r.stdout)).toEqual(['new.env']);
    expect(r.stderr).toMatch(/^keylint: push blocked: /);
  });

  it('scans a new branch by its commits on no remote ref', async () => {
    const { repo, work } = pushed();
    repo.git('checkout', '-q', '-b', 'topic');
    const topic = repo.commit('topic', { 'topic.txt': 'clean\n' });
    const r = await runCli(['pre-push', '--format', 'json'], { cwd: work, stdin: `refs/heads/topic ${topic} refs/heads/topic ${ZERO}\n` });
    expect(files(r.stdout)).toEqual(['new.env']);
  });

  it('passes a branch deletion and an empty push', async () => {
    const { work, localSha } = pushed();
    expect((await runCli(['pre-push'], { cwd: work, stdin: `(delete) ${ZERO} refs/heads/old ${localSha}\n` })).exitCode).toBe(0);
    expect((await runCli(['pre-push'], { cwd: work, stdin: '' })).exitCode).toBe(0);
  });

  it("takes the range from the pre-commit framework's environment", async () => {
    const { work, remoteSha, localSha } = pushed();
    const r = await runCli(['pre-push', '--format', 'json'], { cwd: work, stdin: '', env: { PRE_COMMIT_FROM_REF: remoteSha, PRE_COMMIT_TO_REF: localSha } });
    expect(files(r.stdout)).toEqual(['new.env']);
  });

  it("exits 2 on input that is not git's pre-push lines", async () => {
    const { work } = pushed();
    const r = await runCli(['pre-push'], { cwd: work, stdin: 'main HEAD\n' });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('keylint: pre-push: stdin line 1: expected "<local ref> <local sha> <remote ref> <remote sha>" as git sends it\n');
  });
});
