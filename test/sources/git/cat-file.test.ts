import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CatFile } from '../../../src/sources/git/cat-file.js';
import { tempDir } from '../../helpers/cli.js';
import { gitRepo } from './helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keylint-catfile-')));
afterEach(() => cleanup());

describe('CatFile', () => {
  it('streams many blobs in order through one process, keeping only what is asked for', async () => {
    const repo = gitRepo(dir);
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`f${i}.txt`] = `file ${i}\n`.repeat(i + 1);
    repo.commit('many', files);
    const blobs = Object.keys(files).map((path) => ({ path, blob: repo.git('rev-parse', `HEAD:${path}`) }));
    const reader = new CatFile(dir);
    try {
      let n = 0;
      const records = reader.readMany(
        blobs.map((b) => b.blob),
        (size) => size < 2000,
      );
      for (const [i, ref] of blobs.entries()) {
        const record = await records[i]!;
        expect(record.sha).toBe(ref.blob);
        expect(record.size).toBe(files[ref.path]!.length);
        if (record.size < 2000) expect(record.data!.toString()).toBe(files[ref.path]);
        else expect(record.data).toBeUndefined();
        n++;
      }
      expect(n).toBe(300);
      // The same process answers later requests too.
      expect((await reader.read(blobs[0]!.blob)).data!.toString()).toBe('file 0\n');
      expect((await reader.read('0123456789012345678901234567890123456789')).missing).toBe(true);
    } finally {
      await reader.close();
    }
  });
});
