import { relative, resolve } from 'node:path';
import { ARCHIVE_SEPARATOR, DEFAULT_ARCHIVE_LIMITS, emptyArchiveReport, expandArchive, type ArchiveLimits, type ArchiveReport } from './archive/index.js';
import { decodeText, looksBinary } from './content.js';
import { readRegularFile, toPosix, type FileChunk, type FileSourceOptions } from './files.js';

// Archive names keylint opens (jar, war, apk, whl and nupkg are zips). Other files are read
// as text as before, so a scan pays nothing for archives it does not have.
const ARCHIVE_NAME = /\.(?:zip|jar|war|ear|apk|aar|whl|nupkg|tar|tgz|gz)$/i;

/** Whether a path names an archive keylint reads into (by its extension; the bytes decide the format). */
export function isArchivePath(path: string): boolean {
  return ARCHIVE_NAME.test(path);
}

/**
 * The text files inside an archive on disk, each a chunk named `archive!/path/inside`
 * (nested archives `a.zip!/b.tgz!/c.env`). Binary entries are passed over; what the limits
 * turn away (bombs, too many entries, too deep, encrypted, damaged) is warned about, since
 * a secret could hide there. An archive that is not one after all is read as an ordinary file.
 */
export function readArchiveChunks(
  abs: string,
  options: Pick<FileSourceOptions, 'root' | 'maxFileSize' | 'warn' | 'skipped'>,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): FileChunk[] | undefined {
  const rel = toPosix(relative(resolve(options.root), abs)) || toPosix(abs);
  let bytes: Buffer | undefined;
  try {
    bytes = readRegularFile(abs, options);
  } catch (e) {
    options.skipped.unreadable++;
    options.warn(`${rel}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}), skipped`);
    return [];
  }
  if (!bytes) return [];
  const report = emptyArchiveReport();
  const entries = expandArchive(rel, bytes, limits, report);
  if (report.entries === 0 && report.problems.length === 0 && entries.length === 0) return undefined;
  warnSkipped(rel, report, limits, options.warn);
  const chunks: FileChunk[] = [];
  for (const entry of entries) {
    if (looksBinary(entry.bytes)) continue;
    chunks.push({ path: `${rel}${ARCHIVE_SEPARATOR}${entry.name}`, text: decodeText(entry.bytes), bytes: entry.bytes.length });
  }
  return chunks;
}

/** One line per kind of entry an archive's limits turned away. */
export function warnSkipped(rel: string, report: ArchiveReport, limits: ArchiveLimits, warn: (message: string) => void): void {
  const list = (names: string[]) => names.slice(0, 3).join(', ') + (names.length > 3 ? `, … (${names.length} in all)` : '');
  if (report.bombs.length) warn(`${rel}: not expanded, would expand past the limits (zip bomb?): ${list(report.bombs)}`);
  if (report.tooDeep.length) warn(`${rel}: archives nested more than ${limits.maxDepth} deep not read: ${list(report.tooDeep)}`);
  if (report.tooManyEntries) warn(`${rel}: ${report.tooManyEntries} entries past the first ${limits.maxEntries} not read`);
  if (report.tooLarge || report.overBudget) warn(`${rel}: ${report.tooLarge + report.overBudget} entries too large to expand not read`);
  if (report.encrypted) warn(`${rel}: ${report.encrypted} encrypted entries not read`);
  for (const problem of report.problems) warn(`${rel}: ${problem}`);
}
