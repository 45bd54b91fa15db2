import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandExample } from '../../src/engine/index.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { startMock, type MockServer } from '../verify/mock-server.js';

// GitHub's documented GET /user: 200 with the login for a working token, 401 "Bad credentials" otherwise.
const live = expandExample('{{crc32:ghp_}}', 201);
const dead = expandExample('{{crc32:ghp_}}', 202);

let tmp: ReturnType<typeof tempDir>;
let github: MockServer;
beforeEach(async () => {
  tmp = tempDir();
  github = await startMock((req) => {
    if (req.method !== 'GET' || req.path !== '/user') return { status: 404, body: { message: 'Not Found' } };
    return req.headers.authorization === `token ${live}`
      ? { status: 200, body: { login: 'octocat' }, headers: { 'x-oauth-scopes': 'repo' } }
      : { status: 401, body: { message: 'Bad credentials' } };
  });
  writeFileSync(join(tmp.dir, 'deploy.env'), `GITHUB_TOKEN=${live}\nOLD_GITHUB_TOKEN=${dead}\n`);
});
afterEach(async () => {
  await github.close();
  tmp.cleanup();
});

type Json = { findings: { ruleId: string; line: number; verification?: { status: string; detail?: string } }[] };

describe('keylint scan --verify', () => {
  it('shows verified and invalid in JSON for the token the provider accepts and the one it rejects', async () => {
    const run = await runCli(['scan', '.', '--verify', '--verify-endpoint', `github=${github.url}`, '--format', 'json'], { cwd: tmp.dir });
    expect(run.exitCode).toBe(1);
    const { findings } = JSON.parse(run.stdout) as Json;
    expect(findings.map((f) => [f.line, f.verification])).toEqual([
      [1, { status: 'verified', detail: 'user: octocat; scopes: repo' }],
      [2, { status: 'invalid', detail: 'rejected (HTTP 401)' }],
    ]);
    expect(run.stderr).toContain('keylint: --verify will contact: 127.0.0.1');
    expect(github.requests).toHaveLength(2);
    expect(run.stdout + run.stderr).not.toContain(live);
  });

  it('--only-verified reports the live token only; --fail-on verified fails on it alone', async () => {
    const only = await runCli(['scan', '.', '--only-verified', '--verify-endpoint', `github=${github.url}`, '--format', 'json'], { cwd: tmp.dir });
    expect((JSON.parse(only.stdout) as Json).findings.map((f) => f.line)).toEqual([1]);
    expect(only.exitCode).toBe(1);

    writeFileSync(join(tmp.dir, 'deploy.env'), `OLD_GITHUB_TOKEN=${dead}\n`);
    const failOn = await runCli(['scan', '.', '--verify', '--fail-on', 'verified', '--verify-endpoint', `github=${github.url}`], { cwd: tmp.dir });
    expect(failOn.exitCode).toBe(0);
    expect(failOn.stdout).toContain('verified dead (the provider rejected it)');
  });

  it('contacts no provider without --verify, and refuses plain http off loopback', async () => {
    const plain = await runCli(['scan', '.', '--verify-endpoint', `github=${github.url}`, '--format', 'json'], { cwd: tmp.dir });
    expect(github.requests).toHaveLength(0);
    expect((JSON.parse(plain.stdout) as Json).findings.every((f) => f.verification === undefined)).toBe(true);
    const http = await runCli(['scan', '.', '--verify', '--verify-endpoint', 'github=http://github.example.com'], { cwd: tmp.dir });
    expect(http).toMatchObject({
      exitCode: 2,
      stderr: 'keylint: --verify-endpoint github=http://github.example.com: must be https:// (plain http:// only for loopback addresses)\n',
    });
  });
});

describe('hooks verify only when configured', () => {
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: tmp.dir });

  it('keylint staged asks nobody by default, and verifies when .keylint.toml turns [verify] on', async () => {
    git('init', '-q');
    git('add', 'deploy.env');
    const quiet = await runCli(['staged', '--format', 'json'], { cwd: tmp.dir });
    expect(quiet.exitCode).toBe(1);
    expect(github.requests).toHaveLength(0);

    writeFileSync(join(tmp.dir, '.keylint.toml'), `[verify]\nenabled = true\nendpoints = { github = "${github.url}" }\n`);
    const configured = await runCli(['staged', '--format', 'json'], { cwd: tmp.dir });
    expect((JSON.parse(configured.stdout) as Json).findings.map((f) => f.verification?.status)).toEqual(['verified', 'invalid']);
    expect(github.requests).toHaveLength(2);
  });

  it('keylint history --verify checks values found in commits', async () => {
    git('init', '-q');
    git('add', 'deploy.env');
    git('commit', '-qm', 'add');
    const run = await runCli(['history', '--verify', '--verify-endpoint', `github=${github.url}`, '--format', 'json'], { cwd: tmp.dir });
    expect((JSON.parse(run.stdout) as Json).findings.map((f) => f.verification?.status).sort()).toEqual(['invalid', 'verified']);
  });
});
