import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandExample } from '../../src/engine/index.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { startMock, type MockRequest, type MockServer } from '../verify/mock-server.js';

// GitHub's documented answers for POST /credentials/revoke.
function github(req: MockRequest) {
  if (req.method !== 'POST' || req.path !== '/credentials/revoke') return { status: 404, body: { message: 'Not Found' } };
  if (req.headers.authorization) return { status: 403, body: { message: 'Must not be authenticated' } };
  const { credentials } = JSON.parse(req.body) as { credentials?: unknown[] };
  return Array.isArray(credentials) && credentials.length > 0 && credentials.length <= 1000
    ? { status: 202, body: {} }
    : { status: 422, body: { message: 'Validation Failed' } };
}

let tmp: ReturnType<typeof tempDir>;
let server: MockServer;
const classic = expandExample('{{crc32:ghp_}}', 101);
const oauth = expandExample('{{crc32:gho_}}', 102);

beforeEach(async () => {
  tmp = tempDir();
  server = await startMock(github);
  mkdirSync(join(tmp.dir, 'src'));
  writeFileSync(join(tmp.dir, 'src', 'deploy.ts'), `export const token = "${classic}";\n`);
  writeFileSync(join(tmp.dir, '.env'), `GH_OAUTH_TOKEN=${oauth}\n`);
});
afterEach(async () => {
  await server.close();
  tmp.cleanup();
});

async function findingsFile(): Promise<string> {
  const scan = await runCli(['scan', '.', '--format', 'json', '-o', 'findings.json'], { cwd: tmp.dir });
  expect(scan.exitCode).toBe(1);
  return join(tmp.dir, 'findings.json');
}

describe('keylint revoke', () => {
  it('sends one POST /credentials/revoke with both GitHub tokens and logs each redacted', async () => {
    const report = await findingsFile();
    expect(readFileSync(report, 'utf8')).not.toContain(classic);
    const run = await runCli(['revoke', '--yes', '--verify-endpoint', `github=${server.url}`, '--audit-log', 'revoke.log', 'findings.json'], { cwd: tmp.dir });
    expect(run.stderr).toContain('revoke will contact: 127.0.0.1');
    expect(run.exitCode).toBe(0);
    expect(server.requests).toHaveLength(1);
    expect((JSON.parse(server.requests[0]!.body) as { credentials: string[] }).credentials.sort()).toEqual([classic, oauth].sort());
    const log = readFileSync(join(tmp.dir, 'revoke.log'), 'utf8');
    expect(log.trim().split('\n')).toHaveLength(2);
    expect(log).toMatch(/ revoked github github-pat ghp_…\(40\) fingerprint=[0-9a-f]{32} src\/deploy\.ts:1 \(accepted by GitHub/);
    expect(log).toMatch(/ revoked github github-oauth-token gho_…\(40\) /);
    for (const text of [log, run.stdout, run.stderr]) {
      expect(text).not.toContain(classic);
      expect(text).not.toContain(oauth);
    }
  });

  it('is a dry run without --yes: it lists what it would revoke and sends nothing', async () => {
    await findingsFile();
    const run = await runCli(['revoke', '--verify-endpoint', `github=${server.url}`, 'findings.json'], { cwd: tmp.dir });
    expect(run.exitCode).toBe(0);
    expect(server.requests).toHaveLength(0);
    expect(run.stdout).toContain('would-revoke github github-pat ghp_…(40)');
    expect(run.stderr).toContain('dry run: would revoke 2 key(s); run again with --yes');
  });

  it('skips a key a --verify run found dead, and one no longer in its file', async () => {
    const report = await findingsFile();
    const json = JSON.parse(readFileSync(report, 'utf8')) as { findings: { ruleId: string; verification?: unknown }[] };
    json.findings.find((f) => f.ruleId === 'github-oauth-token')!.verification = { status: 'invalid', detail: 'rejected (HTTP 401)' };
    writeFileSync(report, JSON.stringify(json));
    writeFileSync(join(tmp.dir, 'src', 'deploy.ts'), 'export const token = process.env.TOKEN;\n');
    const run = await runCli(['revoke', '--yes', '--verify-endpoint', `github=${server.url}`, 'findings.json'], { cwd: tmp.dir });
    expect(server.requests).toHaveLength(0);
    expect(run.stderr).toContain('ghp_…(40) (github-pat) is no longer at src/deploy.ts:1; skipped');
    expect(run.exitCode).toBe(1);
  });

  it('reads a history finding from the blob at its commit', async () => {
    execFileSync('git', ['init', '-q'], { cwd: tmp.dir });
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.'], { cwd: tmp.dir });
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'add'], { cwd: tmp.dir });
    writeFileSync(join(tmp.dir, 'src', 'deploy.ts'), 'export const token = process.env.TOKEN;\n');
    const history = await runCli(['history', '--format', 'json', '-o', 'findings.json'], { cwd: tmp.dir });
    expect(history.exitCode).toBe(1);
    const run = await runCli(['revoke', '--yes', '--verify-endpoint', `github=${server.url}`, 'findings.json'], { cwd: tmp.dir });
    expect(run.exitCode).toBe(0);
    expect((JSON.parse(server.requests[0]!.body) as { credentials: string[] }).credentials).toContain(classic);
  });

  it('rejects a file that is not a keylint JSON report, and plain http off loopback', async () => {
    writeFileSync(join(tmp.dir, 'x.json'), '{"results": []}');
    const bad = await runCli(['revoke', 'x.json'], { cwd: tmp.dir });
    expect(bad).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('keylint: x.json: not a keylint JSON report') });
    const http = await runCli(['revoke', '--verify-endpoint', 'github=http://github.example.com', 'x.json'], { cwd: tmp.dir });
    expect(http).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('must be https://') });
  });
});
