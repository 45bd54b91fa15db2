import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { archiveKind, DEFAULT_ARCHIVE_LIMITS, emptyArchiveReport, expandArchive } from '../../../src/sources/archive/index.js';
import { makeZip } from '../../helpers/zip.js';

const names = (entries: { name: string }[]) => entries.map((e) => e.name);

/** A real .tgz made by the system's tar from the given files. */
function tgz(files: Record<string, string>): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'keylint-tar-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, 'src', name, '..'), { recursive: true });
    writeFileSync(join(dir, 'src', name), text);
  }
  execFileSync('tar', ['czf', join(dir, 'out.tgz'), '-C', join(dir, 'src'), ...Object.keys(files)]);
  return readFileSync(join(dir, 'out.tgz'));
}

describe('archives', () => {
  it('recognizes zip, gzip and tar by their bytes, not their names', () => {
    expect(archiveKind(makeZip([{ name: 'a', data: 'x' }]))).toBe('zip');
    expect(archiveKind(gzipSync('hello'))).toBe('gzip');
    expect(archiveKind(Buffer.from('PK but not a zip'))).toBeUndefined();
  });

  it('reads stored and deflated zip entries, skipping folders', () => {
    const zip = makeZip([
      { name: 'config/', data: '' },
      { name: 'config/.env', data: 'A=1\n' },
      { name: 'README', data: 'hello', store: true },
    ]);
    const entries = expandArchive('site.zip', zip);
    expect(names(entries)).toEqual(['config/.env', 'README']);
    expect(entries[0]!.bytes.toString()).toBe('A=1\n');
  });

  it('reads a .tgz made by tar, and a .tgz inside a zip, two levels deep', () => {
    const inner = tgz({ 'app/.env': 'B=2\n', [`app/long/${'n'.repeat(120)}.txt`]: 'long name\n' });
    expect(names(expandArchive('x.tgz', inner))).toEqual(['app/.env', `app/long/${'n'.repeat(120)}.txt`]);
    const outer = makeZip([{ name: 'vendor/bundle.tgz', data: inner, store: true }]);
    expect(names(expandArchive('dist.zip', outer))).toContain('vendor/bundle.tgz!/app/.env');
  });

  it('does not open archives nested deeper than the limit, and says so', () => {
    const level3 = makeZip([{ name: 'deep.env', data: 'C=3' }]);
    const level2 = makeZip([{ name: 'l3.zip', data: level3 }]);
    const level1 = makeZip([{ name: 'l2.zip', data: level2 }]);
    const report = emptyArchiveReport();
    expect(expandArchive('l1.zip', level1, DEFAULT_ARCHIVE_LIMITS, report)).toEqual([]);
    expect(report.tooDeep).toEqual(['l3.zip']);
  });

  it('turns a zip bomb away by its ratio, without inflating it', () => {
    const bomb = makeZip([{ name: 'zeros.bin', data: Buffer.alloc(20 * 1024 * 1024) }]);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const report = emptyArchiveReport();
    expect(expandArchive('bomb.zip', bomb, DEFAULT_ARCHIVE_LIMITS, report)).toEqual([]);
    expect(report.bombs).toEqual(['zeros.bin']);
    // Refused from the header alone: nothing was inflated.
    expect(report.expandedBytes).toBe(0);
  });

  it('stops an entry whose header lies about its size at the output cap', () => {
    const liar = makeZip([{ name: 'liar.txt', data: Buffer.alloc(2 * 1024 * 1024, 0x61), claimedSize: 100 }]);
    const report = emptyArchiveReport();
    const limits = { ...DEFAULT_ARCHIVE_LIMITS, maxRatio: Infinity, maxEntryBytes: 1024 * 1024 };
    expect(expandArchive('liar.zip', liar, limits, report)).toEqual([]);
    expect(report.bombs).toEqual(['liar.txt']);
  });

  it('counts entries past the entry limit and damage instead of failing', () => {
    const many = makeZip(Array.from({ length: 5 }, (_, i) => ({ name: `f${i}`, data: 'x' })));
    const report = emptyArchiveReport();
    expect(expandArchive('many.zip', many, { ...DEFAULT_ARCHIVE_LIMITS, maxEntries: 3 }, report)).toHaveLength(3);
    expect(report.tooManyEntries).toBe(2);
    const broken = emptyArchiveReport();
    expect(expandArchive('cut.zip', many.subarray(0, many.length - 30), DEFAULT_ARCHIVE_LIMITS, broken)).toEqual([]);
    expect(broken.problems.length).toBeGreaterThan(0);
  });
});
