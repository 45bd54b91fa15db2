import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blobChunks } from '../../../src/sources/git/blob-chunks.js';
import { BlobCache, cacheKey } from '../../../src/sources/git/cache.js';
import { CatFile } from '../../../src/sources/git/cat-file.js';
import type { BlobRef } from '../../../src/sources/git/types.js';
import { emptySkips } from '../../../src/sources/types.js';
import { tempDir } from '../../helpers/cli.js';
import { gitRepo } from './helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keylint-blobchunks-')));
afterEach(() => cleanup());

/** The refs as an async stream, the way a history's walk hands them over. */
async function* arriving(refs: BlobRef[]): AsyncGenerator<BlobRef> {
  for (const ref of refs) {
    await Promise.resolve();
    yield ref;
  }
}

describe('blobChunks', () => {
  it('yields blobs in the order they arrive, reading only what the cache does not know, many to a request', async () => {
    const repo = gitRepo(dir);
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`f${i}.txt`] = `file ${i}\n`;
    repo.commit('many', files);
    const refs = Object.keys(files).map((path) => ({ path, blob: repo.git('rev-parse', `HEAD:${path}`) }));
    // Every tenth blob is new to the cache; the rest it knows to be clean.
    const cache = await BlobCache.open(dir, 'test');
    refs.forEach((r, i) => i % 10 !== 0 && cache.set(cacheKey(r.blob, r.path), { flag: 'clean', size: 8 }));
    const reader = new CatFile(dir);
    const requests: number[] = [];
    const readMany = reader.readMany.bind(reader);
    reader.readMany = (shas, keep) => (requests.push(shas.length), readMany(shas, keep));
    try {
      const chunks = [];
      for await (const c of blobChunks(reader, arriving(refs), { maxFileSize: 1 << 20, skipped: emptySkips(), cache })) chunks.push(c);
      expect(chunks.map((c) => c.path)).toEqual(refs.map((r) => r.path));
      expect(chunks.filter((c) => !c.cached).map((c) => c.text)).toEqual(refs.filter((_, i) => i % 10 === 0).map((r) => files[r.path]));
      // 30 blobs to read: one request for all of them, not one per blob.
      expect(requests).toEqual([30]);
    } finally {
      await reader.close();
    }
  });
});
