import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expandExample } from '../../src/engine/index.js';
import { printable } from '../../src/report/printable.js';
import { runCli, tempDir } from '../helpers/cli.js';

describe('printable', () => {
  it('escapes control characters and bidi overrides, and leaves other text alone', () => {
    expect(printable('a\x1b[31mb\nc\u202ed')).toBe('a\\u{1b}[31mb\\u{a}c\\u{202e}d');
    expect(printable('src/café/ключ.env')).toBe('src/café/ключ.env');
  });

  describe('in text output', () => {
    const { dir, cleanup } = tempDir();
    afterAll(cleanup);

    it('a hostile file name cannot drive the terminal or add lines', async () => {
      const name = 'evil\x1b[2J\n::error file=x::forged.env';
      mkdirSync(join(dir, 'src'));
      writeFileSync(join(dir, 'src', name), `T=${expandExample('{{crc32:ghp_}}')}\n`);
      const r = await runCli(['scan', '.', '--no-color'], { cwd: dir });
      expect(r.exitCode).toBe(1);
      expect(r.stdout).not.toContain('\x1b');
      expect(r.stdout.split('\n').some((l) => l.startsWith('::error'))).toBe(false);
      expect(r.stdout).toContain('src/evil\\u{1b}[2J\\u{a}::error file=x::forged.env');
    });
  });
});
