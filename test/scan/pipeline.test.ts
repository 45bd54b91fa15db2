import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inlineIgnoreFor } from '../../src/config/inline-ignores.js';
import { parseConfig } from '../../src/config/load-config.js';
import { loadBuiltinRules } from '../../src/rules/load-rules.js';
import { fileUnits, runPipeline } from '../../src/scan/pipeline.js';
import { expandExample, Scanner, type Chunk, type Finding } from '../../src/engine/index.js';
import { listFiles } from '../../src/sources/files.js';
import { emptySkips } from '../../src/sources/types.js';
import { tempDir } from '../helpers/cli.js';

// Worker threads run the compiled engine from dist/ (vitest loads src/, which has no .js worker).
const WORKER = join(import.meta.dirname, '..', '..', 'dist', 'scan', 'worker.js');

describe('runPipeline on worker threads', () => {
  const { dir, cleanup } = tempDir();
  const scanner = new Scanner(loadBuiltinRules().rules);
  const tokens = Array.from({ length: 12 }, (_, i) => expandExample('{{crc32:ghp_}}', i + 1));

  beforeAll(() => {
    mkdirSync(join(dir, 'src'));
    tokens.forEach((t, i) => {
      const ignored = i % 4 === 3 ? ' // keylint:allow test value' : '';
      writeFileSync(
        join(dir, 'src', `f${String(i).padStart(2, '0')}.ts`),
        `// file ${i}\n${'const pad = 1;\n'.repeat(i * 50)}const token = "${t}";${ignored}\n`,
      );
    });
    writeFileSync(join(dir, 'src', 'blob.bin'), Buffer.from([0, 1, 2, 3]));
    symlinkSync(join(dir, 'src', 'f00.ts'), join(dir, 'src', 'link.ts'));
  });
  afterAll(cleanup);

  async function scan(threads: number) {
    const skipped = emptySkips();
    const warnings: string[] = [];
    const read = { root: dir, maxFileSize: 1 << 20, warn: (w: string) => warnings.push(w), skipped };
    const files = await listFiles({ paths: [dir], cwd: dir, ...read });
    const notIgnored = (f: Parameters<typeof inlineIgnoreFor>[0], chunk: Chunk) => !inlineIgnoreFor(f, chunk);
    // Like staged's added-lines check: the observer sees every chunk's raw findings and trims them.
    const observed: string[] = [];
    const observe = (chunk: Chunk, raw: Finding[]) => {
      observed.push(chunk.path);
      return chunk.path.endsWith('f05.ts') ? [] : raw;
    };
    const report = await runPipeline(fileUnits(files), { scanner, skipped, read, filters: [notIgnored], observe, threads, parallelAfterBytes: 0 });
    return { report, skipped, warnings, observed: observed.sort() };
  }

  // Two threads split a file scan by stage (src/scan/read-ahead.ts); three or more share whole files (src/scan/pool.ts).
  it.each([2, 3])(
    'on %i threads reports exactly what a single-threaded scan reports, in the same order, with secrets, skips and observers intact',
    async (threads) => {
      expect(existsSync(WORKER), `${WORKER} is missing: run npm run build`).toBe(true);
      const inline = await scan(0);
      const pooled = await scan(threads);
      expect(inline.report.findings).toHaveLength(8);
      expect(pooled.observed).toEqual(inline.observed);
      expect(pooled.observed).toHaveLength(12);
      expect(pooled.report.findings).toEqual(inline.report.findings);
      expect(pooled.report.findings.map((f) => f.secret)).toEqual(inline.report.findings.map((f) => f.secret));
      expect(pooled.report.findings.map((f) => f.file)).toEqual([...pooled.report.findings.map((f) => f.file)].sort());
      expect(pooled.report.stats.suppressed).toBe(3);
      expect(pooled.skipped).toEqual(inline.skipped);
      expect(pooled.skipped.binary + pooled.skipped.symlinks).toBeGreaterThan(0);
      expect(pooled.report.stats.files).toBe(inline.report.stats.files);
      expect(pooled.report.stats.bytes).toBe(inline.report.stats.bytes);
    },
  );

  it('shares a scan of hundreds of files between the workers and this thread, reporting what one thread reports', async () => {
    const many = join(dir, 'many');
    mkdirSync(many);
    // More files than the workers take in flight (batches of 32, four per worker): this thread scans the rest.
    for (let i = 0; i < 400; i++) {
      const body = i % 37 === 0 ? `const token = "${expandExample('{{crc32:ghp_}}', 100 + i)}";\n` : `export const n${i} = ${i};\n`;
      writeFileSync(join(many, `m${String(i).padStart(3, '0')}.ts`), body.repeat(1 + (i % 5)));
    }
    const run = async (threads: number) => {
      const skipped = emptySkips();
      const read = { root: dir, maxFileSize: 1 << 20, warn: () => {}, skipped };
      const files = await listFiles({ paths: [many], cwd: dir, ...read });
      return runPipeline(fileUnits(files), { scanner, skipped, read, threads, parallelAfterBytes: 0 });
    };
    const inline = await run(1);
    // Every 37th file holds a token, on 1 to 5 lines: each line is a finding.
    const tokenLines = Array.from({ length: 400 }, (_, i) => (i % 37 === 0 ? 1 + (i % 5) : 0)).reduce((a, b) => a + b, 0);
    expect(inline.findings).toHaveLength(tokenLines);
    for (const threads of [2, 3]) {
      const pooled = await run(threads);
      expect(pooled.findings).toEqual(inline.findings);
      expect(pooled.stats.files).toBe(400);
      expect(pooled.stats.bytes).toBe(inline.stats.bytes);
    }
  });

  it.each([2, 3])("runs a config's custom rule (its regex guarded by RE2 or a time budget) on %i threads too", async (threads) => {
    const toml = ['[[rule]]', 'id = "acme-token"', "regex = '''\\b(acme_[a-z0-9]{20})\\b'''", 'keywords = ["acme_"]'].join('\n');
    const custom = new Scanner(parseConfig(toml, '.keylint.toml', dir).rules);
    expect(custom.rules[0]!.regex.constructor).not.toBe(RegExp);
    const token = `acme_${'a1b2c3d4e5'.repeat(2)}`;
    const file = join(dir, 'src', 'acme.env');
    writeFileSync(file, `ACME=${token}\n`);
    const skipped = emptySkips();
    const read = { root: dir, maxFileSize: 1 << 20, warn: () => {}, skipped };
    const report = await runPipeline(fileUnits([file]), { scanner: custom, skipped, read, threads, parallelAfterBytes: 0 });
    expect(report.findings.map((f) => [f.ruleId, f.file, f.secret])).toEqual([['acme-token', 'src/acme.env', token]]);
  });
});
