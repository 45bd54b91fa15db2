import { inflateRawSync } from 'node:zlib';
import { admit, decompressCapped } from './budget.js';
import type { ArchiveEntry, ArchiveLimits, ArchiveReport } from './types.js';

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
const ENCRYPTED_FLAG = 1;
const ZIP64_MARKER = 0xffffffff;

/** Where the end-of-central-directory record starts, searching back over a trailing comment (at most 64 KB). */
function findEndOfCentralDirectory(bytes: Buffer): number {
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === EOCD_SIGNATURE) return i;
  }
  return -1;
}

/**
 * The files in a zip archive (also jar, war, apk), read from its central directory.
 * Each entry is checked against the limits before it is inflated, and inflated with a
 * hard output cap, so a header that lies about its size cannot expand past the budget.
 */
export function readZip(bytes: Buffer, limits: ArchiveLimits, report: ArchiveReport): ArchiveEntry[] {
  const eocd = findEndOfCentralDirectory(bytes);
  if (eocd < 0) {
    report.problems.push('not a readable zip (no central directory)');
    return [];
  }
  const count = bytes.readUInt16LE(eocd + 10);
  let offset = bytes.readUInt32LE(eocd + 16);
  if (offset === ZIP64_MARKER) {
    report.problems.push('zip64 archives are not read');
    return [];
  }
  const out: ArchiveEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== CENTRAL_SIGNATURE) {
      report.problems.push('central directory is truncated');
      break;
    }
    const flags = bytes.readUInt16LE(offset + 8);
    const method = bytes.readUInt16LE(offset + 10);
    const compressedSize = bytes.readUInt32LE(offset + 20);
    const size = bytes.readUInt32LE(offset + 24);
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    const localOffset = bytes.readUInt32LE(offset + 42);
    const name = bytes.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue; // a folder
    if (!admit(name, size, compressedSize, limits, report)) continue;
    if (flags & ENCRYPTED_FLAG) {
      report.encrypted++;
      continue;
    }
    if (method !== STORED && method !== DEFLATED) {
      report.problems.push(`${name}: compression method ${method} is not read`);
      continue;
    }
    const data = entryData(bytes, localOffset, compressedSize);
    if (!data) {
      report.problems.push(`${name}: local header is damaged`);
      continue;
    }
    const content = method === STORED ? data : decompressCapped(inflateRawSync, data, name, limits, report);
    if (!content) continue;
    report.expandedBytes += content.length;
    out.push({ name, bytes: content });
  }
  return out;
}

function entryData(bytes: Buffer, localOffset: number, compressedSize: number): Buffer | undefined {
  if (localOffset + 30 > bytes.length || bytes.readUInt32LE(localOffset) !== LOCAL_SIGNATURE) return undefined;
  const start = localOffset + 30 + bytes.readUInt16LE(localOffset + 26) + bytes.readUInt16LE(localOffset + 28);
  const end = start + compressedSize;
  return end <= bytes.length ? bytes.subarray(start, end) : undefined;
}
