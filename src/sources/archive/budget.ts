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
