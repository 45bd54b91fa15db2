import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileChunk } from '../../src/sources/files.js';
import { emptySkips, type SkipCounts } from '../../src/sources/types.js';
import { tempDir } from '../helpers/cli.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keylint-readfile-')));
afterEach(() => cleanup());

const MB = 1 << 20;

function read(name: string, skipped: SkipCounts, pieceBytes = 64 * MB) {
  return readFileChunk(join(dir, name), { root: dir, maxFileSize: 100 * MB, warn: () => {}, skipped, pieceBytes });
}

// Files over 1 MB are read start first (to skip a binary after 8 KB), then the rest.
describe('readFileChunk on files over 1 MB', () => {
  it('reads a text file whole, its start and rest joined in order', () => {
    const text = Array.from({ length: 50_000 }, (_, i) => `line ${i} ${'x'.repeat(i % 70)}`).join('\n');
    expect(text.length).toBeGreaterThan(2 * MB);
    writeFileSync(join(dir, 'big.txt'), text);
    const chunk = read('big.txt', emptySkips());
    expect(chunk && 'text' in chunk && chunk.text === text).toBe(true);
  });

  it('skips a binary after its start and counts it', () => {
    const bytes = Buffer.alloc(2 * MB, 0x61);
    bytes[100] = 0;
    writeFileSync(join(dir, 'big.bin'), bytes);
    const skipped = emptySkips();
    expect(read('big.bin', skipped)).toBeUndefined();
    expect(skipped.binary).toBe(1);
  });

  it('hands a text file over the piece size on as big (it is read in pieces)', () => {
    writeFileSync(join(dir, 'huge.txt'), 'a'.repeat(2 * MB));
    expect(read('huge.txt', emptySkips(), MB)).toEqual({ path: 'huge.txt', bytes: 2 * MB, big: true });
  });
});

describe('readFileChunk, one file after another', () => {
  it('gives each file its own text while the read buffer is reused, a big file after small ones and back', () => {
    const texts = ['small one', 'y'.repeat(3 * MB), 'small two, after the big one', 'é'.repeat(MB) + ' café'];
    texts.forEach((t, i) => writeFileSync(join(dir, `f${i}.txt`), t));
    const chunks = texts.map((_, i) => read(`f${i}.txt`, emptySkips()));
    expect(chunks.map((c) => c && 'text' in c && c.text)).toEqual(texts);
  });

  it('names a file by its path under the root, also when the path it was given is not normalized', () => {
    writeFileSync(join(dir, 'a.txt'), 'a');
    const skipped = emptySkips();
    const options = { root: dir, maxFileSize: MB, warn: () => {}, skipped };
    expect(readFileChunk(`${dir}/./a.txt`, options)).toMatchObject({ path: 'a.txt', text: 'a' });
    expect(readFileChunk(`${dir}//a.txt`, options)).toMatchObject({ path: 'a.txt', text: 'a' });
    expect(readFileChunk(join(dir, 'a.txt'), { ...options, root: `${dir}/` })).toMatchObject({ path: 'a.txt', text: 'a' });
  });
});
