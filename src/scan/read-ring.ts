/**
 * Where the read-ahead thread puts the next file in its ring (a SharedArrayBuffer the main
 * thread decodes files from). Files go in the order the main thread scans them and are
 * released in that order, so the space in use is one run from the oldest unreleased file
 * to the newest, wrapping at the end; a file never straddles the end (it starts again at 0).
 * Pure bookkeeping: the caller waits, and reads the count of released files.
 */
export class RingSpace {
  /** Start and end of each file in the ring, oldest first, not yet released. */
  private readonly live: { start: number; end: number }[] = [];
  private head = 0;
  private released = 0;

  constructor(readonly capacity: number) {}

  /** Where `size` bytes fit now, after the main thread released `releasedTotal` files in all; undefined: wait for more. */
  place(size: number, releasedTotal: number): number | undefined {
    for (; this.released < releasedTotal; this.released++) this.live.shift();
    if (size > this.capacity) return undefined;
    const oldest = this.live[0];
    if (!oldest) return 0;
    if (this.head > oldest.start) {
      if (this.capacity - this.head >= size) return this.head;
      return oldest.start >= size ? 0 : undefined;
    }
    return oldest.start - this.head >= size ? this.head : undefined;
  }

  /** Records `length` bytes written at `at` (where place put them): they stay until released. */
  commit(at: number, length: number): void {
    this.live.push({ start: at, end: at + length });
    this.head = at + length;
  }
}
