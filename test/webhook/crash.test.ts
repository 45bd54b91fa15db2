import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandExample } from '../../src/engine/index.js';
import { generateKey } from '../../src/webhook/index.js';
import { SqliteStore } from '../../src/webhook/store/sqlite.js';
import { tempDir } from '../helpers/cli.js';
import { buildServeChild } from './child/build.js';
import { FakePartner, keysServer, SQLITE } from './helpers.js';

// The service acknowledges a batch only after its transaction commits (SQLite WAL,
// synchronous=FULL), so killing the process at any moment loses no acknowledged revocation.
describe.skipIf(!SQLITE)('webhook process killed mid-batch', () => {
  const partner = new FakePartner();
  let keys: Awaited<ReturnType<typeof keysServer>>;
  let entry: string;
  let tmp: ReturnType<typeof tempDir>;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    entry = buildServeChild();
    keys = await keysServer([partner]);
    tmp = tempDir('keylint-webhook-crash-');
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await keys.close();
    tmp.cleanup();
    // Keep the compiled child out of the next run's way.
    rmSync(resolve(dirname(entry), '../../..'), { recursive: true, force: true });
  });

  async function spawnService(db: string): Promise<{ child: ChildProcess; url: string }> {
    const options = { db, port: 0, githubKeysUrl: keys.url, minKeyRefetchMs: 0, rateLimit: 1_000_000 };
    const child = spawn(process.execPath, [entry, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += String(d)));
    const url = await new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`child did not start: ${stderr}`)), 20_000);
      createInterface({ input: child.stdout! }).once('line', (line) => {
        clearTimeout(timer);
        ok(line.trim());
      });
      child.once('exit', (code) => fail(new Error(`child exited ${code}: ${stderr}`)));
    });
    return { child, url };
  }

  it('has lost no acknowledged revocation after SIGKILL and restart', async () => {
    const db = join(tmp.dir, 'keys.sqlite');
    const setup = new SqliteStore(db);
    await setup.migrate();
    const issued: { token: string; id: string }[] = [];
    for (let i = 0; i < 400; i++) {
      const k = generateKey('acme', `team-${i % 7}`);
      await setup.createKey(k.record);
      issued.push({ token: k.token, id: k.record.id });
    }
    await setup.close();

    // 40 batches of 10 issued tokens, padded with unknown tokens so each batch takes a while.
    const strangers = Array.from({ length: 1500 }, (_, i) => expandExample('{{crc32:ghp_}}', 1000 + i));
    const batches = Array.from({ length: 40 }, (_, b) => issued.slice(b * 10, b * 10 + 10).map((k) => k.token));
    const send = async (url: string, tokens: string[]): Promise<boolean> => {
      const body = JSON.stringify([...tokens, ...strangers].map((token) => ({ token, type: 'acme_api_key', url: '', source: 'commit' })));
      try {
        const res = await fetch(`${url}/github/secret-scanning`, { method: 'POST', body, headers: partner.headers(body), signal: AbortSignal.timeout(15_000) });
        if (res.status !== 200) return false;
        const labels = (await res.json()) as { label: string }[];
        return labels.slice(0, tokens.length).every((l) => l.label === 'true_positive');
      } catch {
        return false;
      }
    };

    const first = await spawnService(db);
    const acked = new Set<number>();
    const failed = new Set<number>();
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < batches.length) {
        const b = next++;
        const ok = await send(first.url, batches[b]!);
        (ok ? acked : failed).add(b);
        if (ok && acked.size >= 6 && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    expect(killed).toBe(true);
    expect(acked.size).toBeGreaterThanOrEqual(6);
    // Batches were in flight (or queued) when the process died.
    expect(failed.size).toBeGreaterThan(0);

    // Read the file as the crash left it.
    const after = new SqliteStore(db);
    const byId = new Map((await after.listKeys()).map((k) => [k.id, k]));
    for (const b of acked)
      for (const t of batches[b]!) {
        const key = byId.get(issued.find((k) => k.token === t)!.id)!;
        expect(key.revokedAt, `acknowledged batch ${b}`).not.toBeNull();
      }
    // Atomicity: every revoked key has its audit entry and notice, nothing half-written.
    const audit = await after.auditLog();
    const notices = await after.listNotifications();
    const revoked = [...byId.values()].filter((k) => k.revokedAt);
    expect(
      audit
        .filter((a) => a.action === 'revoked')
        .map((a) => a.keyId)
        .sort(),
    ).toEqual(revoked.map((k) => k.id).sort());
    expect(notices.map((n) => n.keyId).sort()).toEqual(revoked.map((k) => k.id).sort());
    await after.close();

    // Restarted, the service takes the redelivered batches; nothing is revoked twice.
    const second = await spawnService(db);
    for (const b of failed) expect(await send(second.url, batches[b]!), `redelivered batch ${b}`).toBe(true);
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
    const final = new SqliteStore(db);
    const keysNow = await final.listKeys();
    expect(keysNow.filter((k) => k.revokedAt).length).toBe(400);
    const auditNow = await final.auditLog();
    expect(auditNow.filter((a) => a.action === 'revoked').length).toBe(400);
    await final.close();
  });
});
