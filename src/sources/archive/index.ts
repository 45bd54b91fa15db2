import { gunzipSync } from 'node:zlib';
import { admit, decompressCapped } from './budget.js';
import { isTarHeader, readTar } from './tar.js';
import { DEFAULT_ARCHIVE_LIMITS, emptyArchiveReport, type ArchiveEntry, type ArchiveLimits, type ArchiveReport } from './types.js';
import { readZip } from './zip.js';

export { DEFAULT_ARCHIVE_LIMITS, emptyArchiveReport, type ArchiveEntry, type ArchiveLimits, type ArchiveReport } from './types.js';

/** Separates an archive's path from a path inside it in reported file names: `dist/site.zip!/config/.env`. */
export const ARCHIVE_SEPARATOR = '!/';

export type ArchiveKind = 'zip' | 'gzip' | 'tar';

/** What kind of archive the bytes are, by their magic numbers (names lie; jar, war and apk are zips). */
export function archiveKind(bytes: Buffer): ArchiveKind | undefined {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5)) return 'zip';
  if (bytes.length >= 18 && bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  if (isTarHeader(bytes)) return 'tar';
  return undefined;
}

/** The name a gzip member gets inside `x.gz`: `x` (and `x.tar` for `.tgz`). */
function gunzippedName(archiveName: string): string {
  const base = archiveName.slice(archiveName.lastIndexOf('/') + 1);
  if (/\.tgz$/i.test(base)) return base.replace(/\.tgz$/i, '.tar');
  return base.replace(/\.gz$/i, '') || 'content';
}

function gunzip(bytes: Buffer, name: string, limits: ArchiveLimits, report: ArchiveReport): Buffer | undefined {
  // The trailer's ISIZE is the expanded size (mod 4 GiB): a bomb is turned away before inflating.
  const declared = bytes.readUInt32LE(bytes.length - 4);
  if (!admit(name, declared, bytes.length, limits, report)) return undefined;
  return decompressCapped(gunzipSync, bytes, name, limits, report);
}

/**
 * The files inside an archive (zip, jar/war/apk, tar, tar.gz/tgz, gz), with archives inside
 * it expanded too, up to `limits.maxDepth` levels: names are paths inside the archive,
 * nested ones joined with `!/` (`inner.tgz!/app/.env`). Limits on entries, sizes and
 * compression ratio apply across the whole tree; `report` counts what they turned away.
 */
export function expandArchive(
  name: string,
  bytes: Buffer,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
  report: ArchiveReport = emptyArchiveReport(),
  depth = 1,
): ArchiveEntry[] {
  const kind = archiveKind(bytes);
  let entries: ArchiveEntry[];
  if (kind === 'zip') entries = readZip(bytes, limits, report);
  else if (kind === 'tar') entries = readTar(bytes, limits, report);
  else if (kind === 'gzip') {
    const inner = gunzip(bytes, name, limits, report);
    if (!inner) return [];
    // A .tgz is one tar inside one gzip: its files, not the tar, are the entries (and count the bytes).
    if (isTarHeader(inner)) entries = readTar(inner, limits, report);
    else {
      report.expandedBytes += inner.length;
      entries = [{ name: gunzippedName(name), bytes: inner }];
    }
  } else return [];
  const out: ArchiveEntry[] = [];
  for (const entry of entries) {
    if (!archiveKind(entry.bytes)) out.push(entry);
    else if (depth >= limits.maxDepth) report.tooDeep.push(entry.name);
    else {
      for (const inner of expandArchive(entry.name, entry.bytes, limits, report, depth + 1)) {
        out.push({ name: `${entry.name}${ARCHIVE_SEPARATOR}${inner.name}`, bytes: inner.bytes });
      }
    }
  }
  return out;
}
