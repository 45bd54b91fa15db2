import type { ArchiveLimits, ArchiveReport } from './types.js';

// A small file of repeated characters compresses a hundredfold too: only a large expansion is a bomb.
const BOMB_FLOOR = 1024 * 1024;

/** Whether an entry may be expanded, by count, total size and compression ratio; counts what it turns away. */
export function admit(name: string, size: number, compressedSize: number, limits: ArchiveLimits, report: ArchiveReport): boolean {
  report.entries++;
  if (report.entries > limits.maxEntries) {
    report.tooManyEntries++;
    return false;
  }
  if (size > BOMB_FLOOR && compressedSize > 0 && size / compressedSize > limits.maxRatio) {
    report.bombs.push(name);
    return false;
  }
  if (size > limits.maxEntryBytes) {
    report.tooLarge++;
    return false;
  }
  if (report.expandedBytes + size > limits.maxTotalBytes) {
    report.overBudget++;
    return false;
  }
  return true;
}

/**
 * Decompresses with a hard cap on the output (what the entry and the archive may still
 * expand to), so a header that lies about its size cannot expand past the budget. An
 * overrun is recorded as a bomb, any other failure as a problem; both give undefined.
 */
export function decompressCapped(
  decompress: (data: Buffer, options: { maxOutputLength: number }) => Buffer,
  data: Buffer,
  name: string,
  limits: ArchiveLimits,
  report: ArchiveReport,
): Buffer | undefined {
  const cap = Math.min(limits.maxEntryBytes, limits.maxTotalBytes - report.expandedBytes);
  try {
    return decompress(data, { maxOutputLength: Math.max(1, cap) });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') report.bombs.push(name);
    else report.problems.push(`${name}: cannot decompress (${(e as Error).message})`);
    return undefined;
  }
}
