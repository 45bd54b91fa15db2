/** One file inside an archive. */
export interface ArchiveEntry {
  /** Its path inside the archive, `/`-separated. */
  name: string;
  bytes: Buffer;
}

/** How far an archive may be expanded: zip bombs stop at these, fast, without being inflated. */
export interface ArchiveLimits {
  /** Entries read per archive, nested ones included. */
  maxEntries: number;
  /** One entry's expanded size. */
  maxEntryBytes: number;
  /** All entries' expanded size together. */
  maxTotalBytes: number;
  /** Expanded size over compressed size, per entry. */
  maxRatio: number;
  /** Archives inside archives: 2 reads `a.zip!/b.tgz!/c.env`, no deeper. */
  maxDepth: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 10_000,
  maxEntryBytes: 10 * 1024 * 1024,
  maxTotalBytes: 100 * 1024 * 1024,
  maxRatio: 100,
  maxDepth: 2,
};

/** What reading one archive skipped, so the scan can count it and warn where a secret could hide. */
export interface ArchiveReport {
  entries: number;
  expandedBytes: number;
  /** Entries whose expansion ratio or actual size marked them as a bomb. */
  bombs: string[];
  tooManyEntries: number;
  tooLarge: number;
  overBudget: number;
  encrypted: number;
  /** Archives nested deeper than `maxDepth`, left unread. */
  tooDeep: string[];
  /** Damage and unsupported features, one phrase each. */
  problems: string[];
}

export function emptyArchiveReport(): ArchiveReport {
  return { entries: 0, expandedBytes: 0, bombs: [], tooManyEntries: 0, tooLarge: 0, overBudget: 0, encrypted: 0, tooDeep: [], problems: [] };
}
