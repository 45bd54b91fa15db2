import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load-rules.js';
import { expandExample, Scanner, type Finding } from '../../src/engine/index.js';
import { KeywordPrefilter } from '../../src/engine/prefilter.js';
import { ReadAhead, type ReadResult } from '../../src/scan/read-ahead.js';
import { RingSpace } from '../../src/scan/read-ring.js';
import { scanPaths } from '../../src/scan/scan-paths.js';
import { listFiles, readFileChunk, type FilePath } from '../../src/sources/files.js';
import { emptySkips } from '../../src/sources/types.js';
import { tempDir } from '../helpers/cli.js';

// The thread runs the compiled script from dist/ (vitest loads src/, which has no .js worker).
const SCRIPT = join(import.meta.dirname, '..', '..', 'dist', 'scan', 'read-ahead-worker.js');

describe('RingSpace', () => {
  it('places files one after another, wraps to the start, and waits (undefined) when the room is not free yet', () => {
    const ring = new RingSpace(100);
    expect(ring.place(40, 0)).toBe(0);
    ring.commit(0, 40);
    expect(ring.place(40, 0)).toBe(40);
    ring.commit(40, 37);
    expect(ring.place(23, 0)).toBe(77);
    expect(ring.place(24, 0)).toBeUndefined(); // 23 left at the end, nothing released at the start
    expect(ring.place(24, 1)).toBe(0); // the first file released: its 40 bytes at the start
    ring.commit(0, 21);
    expect(ring.place(19, 1)).toBe(21); // between the new file and the second
    expect(ring.place(20, 1)).toBeUndefined(); // 21..40 is 19 bytes: wait
    expect(ring.place(60, 3)).toBe(0); // everything released: the whole ring is free
  });

  it('never places more than fits, even with nothing held', () => {
    const ring = new RingSpace(64);
    expect(ring.place(65, 0)).toBeUndefined();
    expect(ring.place(64, 0)).toBe(0);
  });
});

describe('ReadAhead (the read-ahead thread)', () => {
  const { dir, cleanup } = tempDir();
  const rules = loadBuiltinRules().rules;
  const scanner = new Scanner(rules);
  const token = (i: number) => expandExample('{{crc32:ghp_}}', i + 1);
  let files: FilePath[] = [];

  beforeAll(async () => {
    const write = (name: string, body: string | Buffer) => writeFileSync(join(dir, name), body);
    for (let i = 0; i < 150; i++) {
      const pad = 'const pad = 1;\n'.repeat(i % 9);
      // Non-ASCII before the token moves its UTF-16 offset away from its byte offset (four-byte characters count two).
      const lead = i % 3 === 0 ? '' : i % 3 === 1 ? '// café ünïcode ✓\n' : '// 😀 emoji 😀\n';
      write(`f${String(i).padStart(3, '0')}.ts`, `${lead}${pad}const token = "${token(i)}"; // password = "hunter2hunter2"\n`);
    }
    // Encoded values, decoded and scanned on the main thread from the bytes the thread read.
    for (let i = 0; i < 20; i++) {
      const encoded = i % 2 === 0 ? Buffer.from(token(700 + i)).toString('base64') : Buffer.from(`token=${token(700 + i)}`).toString('hex');
      write(`enc${String(i).padStart(2, '0')}.${i % 4 < 2 ? 'ts' : 'env'}`, `${i % 4 < 2 ? `const blob = "${encoded}";` : `BLOB=${encoded}`}\n`);
    }
    write('latin1.txt', Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from(`\napi_key = "${token(500)}"\n`)])); // not valid UTF-8
    write('empty.txt', '');
    write('blob.bin', Buffer.from([0, 1, 2, 3, 0x67, 0x68, 0x70]));
    // Bigger than a quarter of the small ring below: read into a buffer of its own.
    write('big.js', `// ✓ big\n${'let x = "not a secret at all";\n'.repeat(3000)}const t = "${token(600)}";\n`);
    write('huge.txt', 'x'.repeat(300_000)); // over maxFileSize below
    symlinkSync(join(dir, 'f000.ts'), join(dir, 'link.ts'));
    const skipped = emptySkips();
    files = await listFiles({ paths: [dir], cwd: dir, root: dir, maxFileSize: 200_000, warn: () => {}, skipped });
  });
  afterAll(cleanup);

  /** What reading and scanning each file on this thread gives: the reference. */
  function onThisThread() {
    return files.map((file) => {
      const skipped = emptySkips();
      const warnings: string[] = [];
      const chunk = readFileChunk(file, { root: dir, maxFileSize: 200_000, warn: (w) => warnings.push(w), skipped });
      const findings = chunk && !('big' in chunk) ? scanner.scan(chunk) : [];
      const hits = chunk && !('big' in chunk) ? new KeywordPrefilter(rules).find(chunk.text, chunk.utf8) : undefined;
      return {
        text: chunk && !('big' in chunk) ? chunk.text : undefined,
        positions: hits && { starts: [...hits.starts.subarray(0, hits.count)], ids: [...hits.ids.subarray(0, hits.count)] },
        findings: findings.map(shown),
        skipped,
        warnings,
      };
    });
  }

  /** The same through the thread, consumed after `delayMs` (so it reads ahead), with a ring of `ringBytes`. */
  async function throughThread(ringBytes: number, delayMs: number) {
    const ahead = ReadAhead.start<FilePath>(scanner.keywordTables, ringBytes);
    expect(ahead, `${SCRIPT} is missing: run npm run build`).toBeDefined();
    const a = ahead!;
    const results: ReadResult[] = [];
    try {
      await a.ready;
      for (let i = 0; i < files.length; i += 40) {
        const batch = files.slice(i, i + 40);
        a.push(batch, { files: batch.map((f) => (typeof f === 'string' ? f : new Uint8Array(f))), root: dir, maxFileSize: 200_000 });
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const out = [];
      for (let i = 0; i < files.length; i++) {
        const { item, result } = await a.next();
        expect(item).toBe(files[i]);
        results.push(result);
        const chunk = result.path === undefined ? undefined : a.chunkOf(result);
        const findings = chunk ? scanner.scan(chunk, result.positions) : [];
        a.release(result);
        out.push({
          text: chunk?.text,
          positions: result.positions && { starts: [...result.positions.starts], ids: [...result.positions.ids] },
          findings: findings.map(shown),
          skipped: result.skipped ?? emptySkips(),
          warnings: result.warnings ?? [],
        });
      }
      return { out, results };
    } finally {
      await a.close();
    }
  }

  const shown = (f: Finding) => [f.ruleId, f.file, f.line, f.column, f.start, f.end, f.secret];

  it('hands back every file as reading it here would: text, keyword positions, findings, skips and warnings', async () => {
    expect(existsSync(SCRIPT), `${SCRIPT} is missing: run npm run build`).toBe(true);
    // The file that is not valid UTF-8 crosses without positions (its scan finds them in its text).
    const latin1 = files.findIndex((f) => String(f).endsWith('latin1.txt'));
    const reference = onThisThread().map((r, i) => (i === latin1 ? { ...r, positions: undefined } : r));
    expect(reference.filter((r) => r.findings.length > 0).length).toBeGreaterThan(170);
    expect(reference.some((r) => r.findings.some((f) => String(f[1]).startsWith('enc')))).toBe(true);
    // A ring big enough for every file, read well ahead of the scan.
    const roomy = await throughThread(4 << 20, 300);
    expect(roomy.out).toEqual(reference);
    expect(roomy.results.some((r) => r.positions && !r.ascii)).toBe(true);
    // A ring that holds a few files at a time: the thread waits for room, posting what it has read before each wait.
    const tight = await throughThread(8 << 10, 0);
    expect(tight.out).toEqual(reference);
    expect(tight.results.some((r) => r.bytes && r.bytes.length > 2 << 10)).toBe(true); // big.js, in its own buffer
    expect(tight.out[latin1]!.findings).toHaveLength(1);
  });

  it('serves a path scan on two threads from the start (booted while the files are listed), reporting what one thread reports', async () => {
    const many = join(dir, 'many');
    mkdirSync(many);
    for (let i = 0; i < 260; i++)
      writeFileSync(join(many, `m${String(i).padStart(3, '0')}.ts`), i % 13 === 0 ? `const token = "${token(900 + i)}";\n` : `export const n${i} = ${i};\n`);
    const one = await scanPaths([many], { cwd: dir, threads: 1 });
    const two = await scanPaths([many], { cwd: dir, threads: 2 });
    expect(one.findings).toHaveLength(20);
    expect(two.findings).toEqual(one.findings);
    expect(two.stats.files).toBe(260);
  });

  it('reports a failure of the thread to whoever waits on it', async () => {
    const a = ReadAhead.start<string>(scanner.keywordTables)!;
    try {
      await a.ready;
      // A request the thread cannot serve: files is not a list.
      a.push(['x'], { files: 42 as unknown as string[], root: dir, maxFileSize: 1 });
      await expect(a.next()).rejects.toThrow(/read-ahead thread failed: /);
    } finally {
      await a.close();
    }
  });
});
