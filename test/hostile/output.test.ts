import { spawnSync } from 'node:child_process';
import { openSync, closeSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expandExample } from '../../src/engine/index.js';
import { githubReporter } from '../../src/report/github.js';
import { textReporter } from '../../src/report/text.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { reportOf, scanChunks } from '../report/helpers.js';
import { BIN, oneLineErrors, runBin } from './helpers.js';

// Catalogue items 5 and 10 (output): write errors, terminal escapes, malformed text lines, usage errors.
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('write errors', () => {
  it('ends quietly when the reader of a pipe goes away (keylint rules | head -1)', () => {
    const run = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" rules | head -1`], { encoding: 'utf8', timeout: 10_000 });
    expect(run.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(run.stderr).toBe('');
  });

  it.skipIf(!existsSync('/dev/full'))('exits 2 with one line when stdout is a full disk (/dev/full), never 1 and never a stack trace', async () => {
    const t = tempDir('keylint-hostile-');
    cleanup = t.cleanup;
    writeFileSync(join(t.dir, 'a.env'), `TOKEN=${expandExample('{{crc32:ghp_}}')}\n`);
    const full = openSync('/dev/full', 'w');
    try {
      const run = await runBin(['scan', '.', '--format', 'json'], { cwd: t.dir, stdout: full });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toBe('keylint: cannot write the output (ENOSPC)\n');
    } finally {
      closeSync(full);
    }
  });
});

describe('usage errors', () => {
  it.each([[['scan', '--format']], [['history', '--branch']], [['scan', '--fail-on', 'zzz']]])(
    'reports %j as a usage error, not an internal one',
    async (argv) => {
      const run = await runCli(argv, { cwd: process.cwd() });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).not.toMatch(/internal error/);
      expect(run.stderr).toMatch(/\(see keylint --help\)\n$/);
      expect(oneLineErrors(run.stderr)).toBe(true);
    },
  );
});

describe('report formats on hostile file names and positions', () => {
  it('writes no raw ESC or BEL into GitHub annotations', () => {
    const report = reportOf(scanChunks([{ path: 'evil\u001b]0;pwned\u0007.env', text: `T=${expandExample('{{crc32:ghp_}}')}\n` }]));
    const out = githubReporter(report, { color: false, showPublishable: true });
    expect(out).not.toMatch(/[\u0007\u001b]/);
    expect(out).toContain('evil\\u{1b}]0;pwned\\u{7}.env');
  });

  it('keeps a space between a huge column and the severity in text output', () => {
    const report = reportOf(
      scanChunks([{ path: 'a.env', text: `T=${expandExample('{{crc32:ghp_}}')}\n` }]).map((f) => Object.assign(f, { column: 209000024 })),
    );
    const out = textReporter(report, { color: false, showPublishable: true });
    expect(out).toMatch(/1:209000024 +\w/);
  });
});
