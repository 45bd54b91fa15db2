import { admit } from './budget.js';
import type { ArchiveEntry, ArchiveLimits, ArchiveReport } from './types.js';

const BLOCK = 512;

/** A NUL-terminated header field. */
function field(bytes: Buffer, start: number, length: number): string {
  const raw = bytes.subarray(start, start + length);
  const nul = raw.indexOf(0);
  return raw.toString('utf8', 0, nul < 0 ? raw.length : nul);
}

/** An octal size field, or the base-256 form GNU tar uses for large sizes. */
function sizeField(bytes: Buffer, start: number): number {
  if (bytes[start]! & 0x80) {
    let n = 0;
    for (let i = start + 1; i < start + 12; i++) n = n * 256 + bytes[i]!;
    return n;
  }
  const text = field(bytes, start, 12).trim();
  return text ? parseInt(text, 8) : 0;
}

/** The `path` record of a pax extended header, if it has one. */
function paxPath(data: Buffer): string | undefined {
  const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
  return m?.[1];
}

/** Whether a 512-byte block is a ustar (POSIX or GNU) header. */
export function isTarHeader(bytes: Buffer, at = 0): boolean {
  return bytes.length >= at + BLOCK && bytes.toString('latin1', at + 257, at + 262) === 'ustar';
}

/**
 * The regular files in an uncompressed tar archive (ustar, GNU long names, pax paths).
 * Tar stores files uncompressed, so the archive's own size already bounds what is read;
 * entry count and per-entry size limits still apply.
 */
export function readTar(bytes: Buffer, limits: ArchiveLimits, report: ArchiveReport): ArchiveEntry[] {
  const out: ArchiveEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= bytes.length) {
    if (bytes[offset] === 0) break; // end-of-archive blocks
    if (!isTarHeader(bytes, offset)) {
      report.problems.push('tar header is damaged');
      break;
    }
    const size = sizeField(bytes, offset + 124);
    const type = String.fromCharCode(bytes[offset + 156]!);
    const prefix = field(bytes, offset + 345, 155);
    const base = field(bytes, offset + 0, 100);
    const dataStart = offset + BLOCK;
    const data = bytes.subarray(dataStart, Math.min(bytes.length, dataStart + size));
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = field(data, 0, data.length);
      continue;
    }
    if (type === 'x') {
      longName = paxPath(data) ?? longName;
      continue;
    }
    const name = longName ?? (prefix ? `${prefix}/${base}` : base);
    longName = undefined;
    if (type !== '0' && type !== '\0' && type !== '7') continue; // links, folders, devices
    if (data.length < size) {
      report.problems.push(`${name}: truncated`);
      break;
    }
    if (!admit(name, size, size, limits, report)) continue;
    report.expandedBytes += size;
    out.push({ name, bytes: Buffer.from(data) });
  }
  return out;
}
