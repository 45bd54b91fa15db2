/** Counts of what a source passed over, for the summary line. */
export interface SkipCounts {
  binary: number;
  tooLarge: number;
  unreadable: number;
  symlinks: number;
  /** FIFOs, sockets and devices named or found: never read (a read could block or never end). */
  special: number;
  /** Texts a custom rule's regex was stopped on (it overran its time budget): a match there may be missed. */
  regexTimeouts: number;
}

export function emptySkips(): SkipCounts {
  return { binary: 0, tooLarge: 0, unreadable: 0, symlinks: 0, special: 0, regexTimeouts: 0 };
}

/** A warning a source raises while it keeps going (an unreadable file, say). */
export type WarnFn = (message: string) => void;
