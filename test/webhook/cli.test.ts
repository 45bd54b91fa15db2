import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { base62Crc32 } from '../../src/engine/validators/base62-crc32.js';
import { sha256Hex } from '../../src/webhook/index.js';
import { SqliteStore } from '../../src/webhook/store/sqlite.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { SQLITE } from './helpers.js';

describe.skipIf(!SQLITE)('keylint keys', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir('keylint-keys-');
  });
  afterEach(() => tmp.cleanup());

  const cli = (...argv: string[]) => runCli(argv, { cwd: tmp.dir });

  it('creates a checksummed key, prints it once and stores only its hash', async () => {
    const run = await cli('keys', 'create', '--prefix', 'acme', '--owner', 'payments', '--db', 'k.sqlite');
    expect(run.exitCode).toBe(0);
    const token = run.stdout.trim();
    expect(token).toMatch(/^acme_[A-Za-z0-9]{36}$/);
    expect(base62Crc32(token).valid).toBe(true);
    expect(run.stderr).toMatch(/issued key_[0-9a-f]{16} for payments; store it now/);
    expect(run.stderr).not.toContain(token);
    const store = new SqliteStore(join(tmp.dir, 'k.sqlite'));
    const [key] = await store.listKeys();
    await store.close();
    expect(key).toMatchObject({ prefix: 'acme', owner: 'payments', tokenHash: sha256Hex(token), revokedAt: null });
  });

  it('lists keys without showing them and revokes one by id, idempotently', async () => {
    const token = (await cli('keys', 'create', '--prefix', 'acme', '--owner', 'search', '--db', 'k.sqlite')).stdout.trim();
    const listed = await cli('keys', 'list', '--db', 'k.sqlite', '--format', 'json');
    const { keys } = JSON.parse(listed.stdout) as { keys: { id: string; owner: string; revokedAt: string | null }[] };
    expect(keys).toEqual([expect.objectContaining({ owner: 'search', revokedAt: null })]);
    expect(listed.stdout).not.toContain(token);
    expect(listed.stdout).not.toContain(sha256Hex(token));
    const id = keys[0]!.id;
    expect(await cli('keys', 'revoke', id, '--reason', 'rotated', '--db', 'k.sqlite')).toMatchObject({ exitCode: 0, stdout: `revoked ${id}\n` });
    const again = await cli('keys', 'revoke', id, '--db', 'k.sqlite');
    expect(again.stdout).toMatch(new RegExp(`^${id} was already revoked .* \\(cli\\)\\n$`));
    const text = await cli('keys', 'list', '--db', 'k.sqlite');
    expect(text.stdout).toContain('1 keys, 1 revoked');
  });

  it('fails with one line naming the problem', async () => {
    expect(await cli('keys', 'create', '--prefix', 'Acme!', '--owner', 'x', '--db', 'k.sqlite')).toMatchObject({
      exitCode: 2,
      stderr: expect.stringMatching(/^keylint: keys create: --prefix "Acme!": must be 2-16 lower-case letters or digits, starting with a letter\n$/),
    });
    expect((await cli('keys', 'create', '--prefix', 'ghp', '--owner', 'x', '--db', 'k.sqlite')).stderr).toMatch(
      /^keylint: keys create: --prefix "ghp": its keys would be reported as the built-in rule github-pat; choose another prefix\n$/,
    );
    expect((await cli('keys', 'create', '--prefix', 'acme', '--db', 'k.sqlite')).stderr).toBe('keylint: keys create: --owner is required\n');
    expect((await cli('keys', 'revoke', 'key_nope', '--db', 'k.sqlite')).stderr).toBe('keylint: keys revoke: no key with id key_nope\n');
    const badDb = await cli('keys', 'list', '--db', join(tmp.dir, 'missing-dir', 'k.sqlite'));
    expect(badDb.exitCode).toBe(2);
    expect(badDb.stderr).toMatch(/^keylint: --db .*missing-dir.*: cannot open the key store \(.*\)\n$/);
    expect(await cli('webhook', 'serve', '--rate-limit', '0', '--db', 'k.sqlite')).toMatchObject({
      exitCode: 2,
      stderr: 'keylint: webhook serve: --rate-limit must be a positive integer\n',
    });
    expect(await cli('webhook', 'serve', '--body-limit', '0', '--db', 'k.sqlite')).toMatchObject({
      exitCode: 2,
      stderr: 'keylint: webhook serve: --body-limit must be a positive integer\n',
    });
    expect(await cli('webhook', 'serve', '--port', '70000', '--db', 'k.sqlite')).toMatchObject({
      exitCode: 2,
      stderr: 'keylint: webhook serve: --port must be an integer from 0 to 65535 (0 picks a free port)\n',
    });
    // Caught at start, not at the first revocation, and never echoed: notify URLs often carry a token.
    expect(await cli('webhook', 'serve', '--notify-url', 'hooks.example.com/services/T0/B0/hunter2', '--db', 'k.sqlite')).toMatchObject({
      exitCode: 2,
      stderr: 'keylint: webhook serve: --notify-url: not an http(s) URL\n',
    });
    expect((await cli('webhook', 'serve', '--gitlab-keys-url', 'file:///etc/passwd', '--db', 'k.sqlite')).stderr).toBe(
      'keylint: webhook serve: --gitlab-keys-url: not an http(s) URL\n',
    );
  });
});

describe.skipIf(!SQLITE)('keylint webhook serve', () => {
  it('reports a port already in use as one line and exit 2', async () => {
    const tmp = tempDir('keylint-serve-');
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    try {
      const { port } = blocker.address() as AddressInfo;
      const run = await runCli(['webhook', 'serve', '--port', String(port), '--db', 'k.sqlite', '--quiet'], { cwd: tmp.dir });
      expect(run).toMatchObject({ exitCode: 2, stderr: `keylint: webhook serve: --port ${port}: address already in use\n` });
    } finally {
      blocker.close();
      tmp.cleanup();
    }
  });
});

describe('store options', () => {
  it('refuses --db with --database-url, and never echoes a database URL', async () => {
    const both = await runCli(['keys', 'list', '--database-url', 'postgres://u@127.0.0.1:1/x', '--db', 'x.sqlite'], { cwd: process.cwd() });
    expect(both).toMatchObject({ exitCode: 2, stderr: expect.stringMatching(/mutually exclusive/) });
    const down = await runCli(['keys', 'list', '--database-url', 'postgres://u:hunter2@127.0.0.1:1/x'], { cwd: process.cwd() });
    expect(down.exitCode).toBe(2);
    expect(down.stderr).toMatch(/^keylint: --database-url: cannot open the key store \(.*\)\n$/);
    expect(down.stderr).not.toContain('hunter2');
  });
});
