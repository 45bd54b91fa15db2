/** Counts of what a source passed over, for the summary line. */
export interface SkipCounts {
  binary: number;
  tooLarge: number;
  unreadable: number;
  symlinks: number;
}

export function emptySkips(): SkipCounts {
  return { binary: 0, tooLarge: 0, unreadable: 0, symlinks: 0 };
}

/** A warning a source raises while it keeps going (an unreadable file, say). */
export type WarnFn = (message: string) => void;
