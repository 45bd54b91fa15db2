import { readSync } from 'node:fs';

/**
 * Reads an open file into `buffer[from, to)`, starting at file offset `position` (by default
 * `from`, so the buffer mirrors the file), until the range is full or the file ends; returns
 * the buffer offset it reached. One `readSync` may return less than asked, hence the loop.
 */
export function readInto(fd: number, buffer: Buffer, from: number, to: number, position = from): number {
  let filled = from;
  while (filled < to) {
    const bytesRead = readSync(fd, buffer, filled, to - filled, position + (filled - from));
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}
