import { describe, expect, it } from 'vitest';
import { requirePeer } from '../../src/webhook/optional-peer.js';
import { SQLITE_HINT } from '../../src/webhook/store/node-sqlite.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { SQLITE } from './helpers.js';

describe('webhook dependencies a linter install does not carry', () => {
  it('names the package and the install command when an optional peer is missing', () => {
    expect(() => requirePeer('keylint-test-absent-peer', '^5', 'keylint webhook serve')).toThrow(
      'keylint webhook serve needs the optional package keylint-test-absent-peer: install it with `npm install keylint-test-absent-peer@^5`',
    );
  });

  it('loads an installed peer', () => {
    expect(typeof requirePeer<(o?: object) => unknown>('fastify', '^5', 'keylint webhook serve')).toBe('function');
  });

  it.runIf(!SQLITE)('answers with a one-line hint on a Node without node:sqlite', async () => {
    const tmp = tempDir('keylint-nosqlite-');
    try {
      const run = await runCli(['keys', 'list', '--db', 'k.sqlite'], { cwd: tmp.dir });
      expect(run).toMatchObject({ exitCode: 2, stderr: `keylint: ${SQLITE_HINT}\n` });
      expect(SQLITE_HINT).toMatch(/^the SQLite store needs Node 22\.13\+ .*Postgres/);
    } finally {
      tmp.cleanup();
    }
  });
});
