import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandExample } from '../../src/engine/index.js';
import { tempDir } from '../helpers/cli.js';
import { gitRepo, pullRequestPayload, runActionIn } from './helpers.js';

let workspace: string;
let runner: string;
const cleanups: (() => void)[] = [];
beforeEach(() => {
  const w = tempDir('keylint-ws-');
  const r = tempDir('keylint-runner-');
  workspace = w.dir;
  runner = r.dir;
  cleanups.push(w.cleanup, r.cleanup);
});
afterEach(() => cleanups.splice(0).forEach((c) => c()));

// Two different synthetic tokens: one lands on main before the PR, one in the PR.
const baseToken = expandExample('{{crc32:ghp_}}');
const prToken = expandExample('{{crc32:npm_}}');
const stripePublishable = () => `pk_live_${expandExample('{{rand:base62:40}}')}`;

/** main has a secret in its history; feature adds a clean commit and then a commit with another secret. */
function prRepo() {
  const repo = gitRepo(workspace);
  repo.commit('initial', { 'README.md': '# demo\n' });
  const base = repo.commit('config', { 'config/base.env': `GITHUB_TOKEN=${baseToken}\n` });
  repo.git('checkout', '-q', '-b', 'feature');
  repo.commit('clean change', { 'src/app.ts': 'export const x = 1;\n' });
  const head = repo.commit('add npmrc', { '.npmrc': `//registry.npmjs.org/:_authToken=${prToken}\n` });
  return { repo, base, head };
}

describe('GitHub Action on pull_request', () => {
  it('scans only the PR commits: a base secret is not reported, the PR secret is', async () => {
    const { base, head } = prRepo();
    const r = await runActionIn(workspace, runner, {
      event: 'pull_request',
      payload: pullRequestPayload({ sha: base, ref: 'main' }, { sha: head, ref: 'feature' }),
    });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(`keylint: pull request #7: ${base.slice(0, 8)}..${head.slice(0, 8)}`);
    expect(r.stdout).toContain('keylint: 2 commits to scan');
    const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatch(/^::error file=\.npmrc,line=1,endLine=1,col=34,endColumn=74,title=keylint npm-access-token%3A \w+ secret::/);
    expect(r.stdout).not.toContain('config/base.env');
    expect(r.stdout + r.stderr + r.summary).not.toContain(prToken);
  });

  it('writes the step summary, the SARIF file and the outputs', async () => {
    const { base, head } = prRepo();
    const r = await runActionIn(workspace, runner, {
      event: 'pull_request',
      payload: pullRequestPayload({ sha: base, ref: 'main' }, { sha: head, ref: 'feature' }),
      inputs: { 'sarif-file': 'reports/keylint.sarif' },
    });
    expect(r.summary).toMatch(/^## 🔴 keylint: 1 secret, 0 publishable keys/);
    expect(r.summary).toMatch(/\| secrets \| (\d+ \| ){5}1 \|/);
    expect(r.summary).toContain('<code>.npmrc:1:34</code>');
    expect(r.outputs).toEqual({ findings: '1', secrets: '1', 'sarif-file': join(workspace, 'reports/keylint.sarif') });
    const sarif = JSON.parse(readFileSync(join(workspace, 'reports/keylint.sarif'), 'utf8')) as Log;
    const results = sarif.runs[0]!.results!;
    expect(results.map((x) => [x.ruleId, x.level, x.locations![0]!.physicalLocation!.artifactLocation!.uri])).toEqual([
      ['npm-access-token', 'error', '.npmrc'],
    ]);
    expect(results[0]!.properties).toMatchObject({ commit: head });
  });

  it('follows fail-on: publishable keys pass by default and fail with fail-on publishable; none never fails', async () => {
    const repo = gitRepo(workspace);
    const base = repo.commit('initial', { 'README.md': '# demo\n' });
    repo.git('checkout', '-q', '-b', 'feature');
    const head = repo.commit('web key', { 'web/.env': `NEXT_PUBLIC_STRIPE_KEY=${stripePublishable()}\n` });
    const payload = pullRequestPayload({ sha: base, ref: 'main' }, { sha: head, ref: 'feature' });
    const byDefault = await runActionIn(workspace, runner, { event: 'pull_request', payload });
    expect(byDefault.exitCode).toBe(0);
    expect(byDefault.stdout).toMatch(/^::notice file=web\/\.env,/m);
    expect(byDefault.outputs).toMatchObject({ findings: '1', secrets: '0' });
    expect((await runActionIn(workspace, runner, { event: 'pull_request', payload, inputs: { 'fail-on': 'publishable' } })).exitCode).toBe(1);

    const secretHead = repo.commit('secret', { 'a.env': `GITHUB_TOKEN=${baseToken}\n` });
    const secretPayload = pullRequestPayload({ sha: base, ref: 'main' }, { sha: secretHead, ref: 'feature' });
    expect((await runActionIn(workspace, runner, { event: 'pull_request', payload: secretPayload })).exitCode).toBe(1);
    expect((await runActionIn(workspace, runner, { event: 'pull_request', payload: secretPayload, inputs: { 'fail-on': 'none' } })).exitCode).toBe(0);
  });

  it('exits 2 with one clear line when the base commit is not in the clone', async () => {
    const { head } = prRepo();
    const r = await runActionIn(workspace, runner, {
      event: 'pull_request',
      payload: pullRequestPayload({ sha: 'c'.repeat(40), ref: 'main' }, { sha: head, ref: 'feature' }),
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^keylint: base commit c{40} is not in the clone at .*fetch-depth: 0 so the range is in the clone\n$/);
    expect(r.stdout).toMatch(/^::error title=keylint::base commit/m);
  });
});

describe('GitHub Action on push, schedule and in tree mode', () => {
  it('scans a push before..after only', async () => {
    const { repo, base, head } = prRepo();
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--ff-only', 'feature');
    const r = await runActionIn(workspace, runner, {
      event: 'push',
      payload: { ref: 'refs/heads/main', before: base, after: head, forced: false, deleted: false },
    });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('file=.npmrc');
    expect(r.stdout).not.toContain('config/base.env');
  });

  it('scans a new branch by the commits no other ref has', async () => {
    const { head } = prRepo();
    const r = await runActionIn(workspace, runner, {
      event: 'push',
      payload: { ref: 'refs/heads/feature', before: '0'.repeat(40), after: head, created: true, deleted: false },
    });
    expect(r.stdout).toContain('keylint: 2 commits to scan');
    expect(r.stdout).toContain('file=.npmrc');
    expect(r.stdout).not.toContain('config/base.env');
  });

  it('scans the full history on schedule', async () => {
    prRepo();
    const r = await runActionIn(workspace, runner, { event: 'schedule', payload: { schedule: '0 3 * * *' } });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('keylint: schedule event: full history');
    expect(r.stdout).toContain('file=config/base.env');
    expect(r.stdout).toContain('file=.npmrc');
    expect(r.outputs.findings).toBe('2');
  });

  it('scans the working tree in mode tree, reporting paths from the repository root', async () => {
    const { repo } = prRepo();
    repo.commit('nested', { 'packages/web/.env': `GITHUB_TOKEN=${baseToken}\n` });
    const r = await runActionIn(workspace, runner, { event: 'pull_request', payload: {}, inputs: { mode: 'tree', path: 'packages/web' } });
    expect(r.exitCode).toBe(1);
    const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations.map((a) => /file=([^,]+)/.exec(a)![1])).toEqual(['packages/web/.env']);
  });

  it('writes empty reports and passes when a push deleted the branch', async () => {
    prRepo();
    const r = await runActionIn(workspace, runner, {
      event: 'push',
      payload: { ref: 'refs/heads/gone', before: 'a'.repeat(40), after: '0'.repeat(40), deleted: true },
    });
    expect(r.exitCode).toBe(0);
    expect(r.outputs.findings).toBe('0');
    expect(existsSync(join(workspace, 'keylint.sarif'))).toBe(true);
    expect(r.summary).toMatch(/^## 🟢 keylint/);
  });

  it('rejects a bad input in one line with exit 2', async () => {
    prRepo();
    const r = await runActionIn(workspace, runner, { event: 'schedule', inputs: { mode: 'everything' } });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('keylint: input mode: "everything" is not one of auto, tree, history, diff\n');
  });
});

/** Clones `origin` into `into` as actions/checkout does: by default one commit deep (fetch-depth: 1). */
function cloneInto(origin: string, into: string, depth?: number) {
  const args = ['clone', '-q', ...(depth ? ['--depth', String(depth)] : []), `file://${origin}`, into];
  execFileSync('git', args, { env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
}

describe('GitHub Action in a shallow clone', () => {
  /** A push of two commits to main: one adds a secret, the next removes it; the secret stays in the pushed history. */
  function pushAddingAndRemovingSecret(origin: string) {
    const repo = gitRepo(origin);
    const before = repo.commit('initial', { 'README.md': '# demo\n' });
    repo.commit('add key', { 'deploy.env': `GITHUB_TOKEN=${baseToken}\n` });
    repo.git('rm', '-q', 'deploy.env');
    repo.git('commit', '-q', '-m', 'remove key');
    return { ref: 'refs/heads/main', before, after: repo.git('rev-parse', 'HEAD'), forced: false, deleted: false };
  }

  it('refuses a push whose commits the clone does not hold, instead of scanning the tip alone', async () => {
    const origin = tempDir('keylint-origin-');
    cleanups.push(origin.cleanup);
    const payload = pushAddingAndRemovingSecret(origin.dir);
    cloneInto(origin.dir, workspace, 1);
    const r = await runActionIn(workspace, runner, { event: 'push', payload });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^keylint: .*shallow clone.*fetch-depth: 0 so the range is in the clone\n$/);
    expect(r.stdout).toMatch(/^::error title=keylint::/m);
    expect(r.outputs).toEqual({});

    // The same push in a full clone: the key added and removed within it is found.
    const full = tempDir('keylint-ws-');
    cleanups.push(full.cleanup);
    cloneInto(origin.dir, full.dir);
    const ok = await runActionIn(full.dir, runner, { event: 'push', payload });
    expect(ok.exitCode).toBe(1);
    expect(ok.stdout).toContain('file=deploy.env');
  });
});

describe('GitHub Action output stays in its own commands', () => {
  const forged = '::error file=forged.ts,line=1::forged';
  /** Every line the runner would read (it splits on CR, LF and CRLF) that it would take for a workflow command. */
  const commands = (text: string) => text.split(/\r\n|\r|\n/).filter((l) => l.trimStart().startsWith('::'));

  it('escapes a warning that quotes a path from the repository (a submodule named with a line break)', async () => {
    const repo = gitRepo(workspace);
    const sha = repo.commit('initial', { 'README.md': '# demo\n' });
    repo.git('update-index', '--add', '--cacheinfo', `160000,${sha},vendor\n${forged}`);
    repo.git('commit', '-q', '-m', 'submodule');
    const r = await runActionIn(workspace, runner, { event: 'schedule' });
    expect(r.exitCode).toBe(0);
    const all = commands(r.stdout + r.stderr);
    expect(all.filter((c) => c.includes('forged.ts'))).toEqual([
      `::warning title=keylint::skipped 1 submodule (vendor%0A${forged}): scan each one's own history with keylint history <path>`,
    ]);
  });

  it('keeps an error that quotes the config (a key holding a carriage return) on one line', async () => {
    gitRepo(workspace).commit('initial', { 'README.md': '# demo\n' });
    writeFileSync(`${workspace}/.keylint.toml`, `"zz\\r${forged}" = 1\n`);
    const r = await runActionIn(workspace, runner, { event: 'schedule', inputs: { mode: 'tree' } });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split(/\r\n|\r|\n/).filter(Boolean)).toHaveLength(1);
    expect(commands(r.stdout + r.stderr)).toEqual([`::error title=keylint::config .keylint.toml: zz; ${forged}: unknown key`]);
  });
});
