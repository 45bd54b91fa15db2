import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendReport } from '../../src/cli/options/report-to.js';
import type { CliIO } from '../../src/cli/io.js';
import { compileRule, expandExample, KeylintError, Scanner } from '../../src/engine/index.js';
import { issuedKeyRule } from '../../src/rules/issued-key-rule.js';
import type { ScanReport } from '../../src/report/index.js';
import { generateKey, startWebhook, type RunningWebhook } from '../../src/webhook/index.js';
import { tempDir } from '../helpers/cli.js';
import { SQLITE } from './helpers.js';

const SECRET = 'shared-report-secret-for-tests';

function io(env: NodeJS.ProcessEnv): CliIO & { err: () => string } {
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (d) => (text += String(d)));
  return { stdin: new PassThrough(), stdout: new PassThrough(), stderr, cwd: process.cwd(), env, err: () => text };
}

function scanReport(text: string): ScanReport {
  const scanner = new Scanner([compileRule(issuedKeyRule('acme'), '<issued>')]);
  const findings = scanner.scan({ path: 'src/app.ts', text });
  return {
    findings,
    stats: { files: 1, bytes: text.length, durationMs: 1, rules: 1, skipped: {} as ScanReport['stats']['skipped'], suppressed: 0 },
    tool: { name: 'keylint', version: '0.0.0-test' },
  };
}

describe.skipIf(!SQLITE)('--report-to', () => {
  let tmp: ReturnType<typeof tempDir>;
  let svc: RunningWebhook;
  beforeEach(async () => {
    tmp = tempDir('keylint-report-to-');
    svc = await startWebhook({ db: join(tmp.dir, 'k.sqlite'), port: 0, githubKeysUrl: 'http://127.0.0.1:9/unused', reportSecret: SECRET });
  });
  afterEach(async () => {
    await svc.close();
    tmp.cleanup();
  });

  it('sends issued-key findings signed, and the service revokes them', async () => {
    const k = generateKey('acme', 'payments');
    await svc.store.createKey(k.record);
    const look = expandExample('{{crc32:acme_}}', 3);
    const report = scanReport(`const key = "${k.token}";\nconst other = "${look}";\n`);
    expect(report.findings).toHaveLength(2);
    const out = io({ KEYLINT_REPORT_SECRET: SECRET });
    await sendReport(report, { reportTo: `${svc.url}/v1/reports` }, out);
    expect(out.err()).toBe(`keylint: reported 2 issued keys to ${svc.url}/v1/reports: 1 recognized, 1 revoked now\n`);
    const key = await svc.store.getKey(k.record.id);
    expect(key).toMatchObject({ revokedSource: 'keylint-report' });
    expect(key?.revokedReason).toContain('src/app.ts:1');
  });

  it('puts hashes on the wire, never the key', async () => {
    let seen = '';
    const spy: Server = createServer((req, res) => {
      req.on('data', (d) => (seen += String(d)));
      req.on('end', () => res.end('{"results":[]}'));
    });
    await new Promise<void>((r) => spy.listen(0, '127.0.0.1', r));
    try {
      const token = expandExample('{{crc32:acme_}}', 11);
      const url = `http://127.0.0.1:${(spy.address() as AddressInfo).port}/v1/reports`;
      await sendReport(scanReport(`k=${token}`), { reportTo: url }, io({ KEYLINT_REPORT_SECRET: SECRET }));
      expect(seen).toContain('tokenHash');
      expect(seen).not.toContain(token);
    } finally {
      spy.close();
    }
  });

  it('refuses to send without the shared secret, and says so in one line', async () => {
    const report = scanReport(`k=${expandExample('{{crc32:acme_}}', 5)}`);
    await expect(sendReport(report, { reportTo: `${svc.url}/v1/reports` }, io({}))).rejects.toThrow(/^--report-to: KEYLINT_REPORT_SECRET is not set/);
  });

  it('turns a rejected report, a dead endpoint and a silent one into one-line errors', async () => {
    const report = scanReport(`k=${expandExample('{{crc32:acme_}}', 5)}`);
    await expect(sendReport(report, { reportTo: `${svc.url}/v1/reports` }, io({ KEYLINT_REPORT_SECRET: 'wrong' }))).rejects.toThrow(
      `--report-to ${svc.url}/v1/reports: report rejected (HTTP 401: bad signature)`,
    );
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const deadPort = (dead.address() as AddressInfo).port;
    await new Promise((r) => dead.close(r));
    await expect(sendReport(report, { reportTo: `http://127.0.0.1:${deadPort}/v1/reports` }, io({ KEYLINT_REPORT_SECRET: SECRET }))).rejects.toThrow(
      `--report-to http://127.0.0.1:${deadPort}/v1/reports: report not sent (ECONNREFUSED)`,
    );
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    try {
      await expect(
        sendReport(report, { reportTo: `http://127.0.0.1:${port}/v1/reports?x=1`, reportTimeout: 0.3 }, io({ KEYLINT_REPORT_SECRET: SECRET })),
      ).rejects.toThrow(`--report-to http://127.0.0.1:${port}/v1/reports: report not sent (no answer within 0.3s)`);
      await expect(sendReport(report, { reportTo: `http://user:pw@127.0.0.1:${port}/v1/reports` }, io({ KEYLINT_REPORT_SECRET: SECRET }))).rejects.toThrow(
        /^--report-to: the URL must not carry a user or password/,
      );
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('turns an answer that stalls or breaks off mid-body into a one-line error', async () => {
    const report = scanReport(`k=${expandExample('{{crc32:acme_}}', 5)}`);
    const halting = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // Stall for one path; for the other, hang up once the headers and half a body are out.
      res.write('{"results":[', () => {
        if (req.url === '/reset') res.socket?.destroy();
      });
    });
    await new Promise<void>((r) => halting.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(halting.address() as AddressInfo).port}`;
    try {
      const env = { KEYLINT_REPORT_SECRET: SECRET };
      await expect(sendReport(report, { reportTo: `${base}/stall`, reportTimeout: 0.3 }, io(env))).rejects.toThrow(
        new KeylintError(`--report-to ${base}/stall: report not confirmed (no answer within 0.3s)`),
      );
      await expect(sendReport(report, { reportTo: `${base}/reset` }, io(env))).rejects.toThrow(KeylintError);
      await expect(sendReport(report, { reportTo: `${base}/reset` }, io(env))).rejects.toThrow(
        new RegExp(`^--report-to ${base}/reset: report not confirmed \\(`),
      );
    } finally {
      halting.closeAllConnections();
      halting.close();
    }
  });

  it('does not follow a redirect, so the signed report never reaches another host', async () => {
    let reached = false;
    const elsewhere = createServer((_req, res) => {
      reached = true;
      res.end('{"results":[]}');
    });
    await new Promise<void>((r) => elsewhere.listen(0, '127.0.0.1', r));
    const target = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/v1/reports`;
    const redirecting = createServer((_req, res) => res.writeHead(307, { location: target }).end());
    await new Promise<void>((r) => redirecting.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/v1/reports`;
    try {
      const report = scanReport(`k=${expandExample('{{crc32:acme_}}', 5)}`);
      await expect(sendReport(report, { reportTo: url }, io({ KEYLINT_REPORT_SECRET: SECRET }))).rejects.toThrow(
        new RegExp(`^--report-to ${url}: report rejected \\(HTTP 307`),
      );
      expect(reached).toBe(false);
    } finally {
      redirecting.close();
      elsewhere.close();
    }
  });

  it('sends nothing when no issued key was found', async () => {
    const out = io({ KEYLINT_REPORT_SECRET: SECRET });
    await sendReport(scanReport('nothing here'), { reportTo: 'http://127.0.0.1:9/v1/reports' }, out);
    expect(out.err()).toBe('keylint: --report-to: no issued keys found, nothing sent\n');
  });
});
