/**
 * Where the read-ahead thread puts the next file in its ring (a SharedArrayBuffer the main
 * thread decodes files from). Files go in the order the main thread scans them and are
 * released in that order, so the space in use is one run from the oldest unreleased file
 * to the newest, wrapping at the end; a file never straddles the end (it starts again at 0).
 * Pure bookkeeping: the caller waits, and reads the count of released files.
 */
export class RingSpace {
  /** Where each file not yet released starts in the ring, oldest first (only the oldest bounds what fits). */
  private readonly starts: number[] = [];
  private head = 0;
  private released = 0;

  constructor(readonly capacity: number) {}

  /** Where `size` bytes fit now, after the main thread released `releasedTotal` files in all; undefined: wait for more. */
  place(size: number, releasedTotal: number): number | undefined {
    for (; this.released < releasedTotal; this.released++) this.starts.shift();
    if (size > this.capacity) return undefined;
    const oldest = this.starts[0];
    if (oldest === undefined) return 0;
    if (this.head > oldest) {
      if (this.capacity - this.head >= size) return this.head;
      return oldest >= size ? 0 : undefined;
    }
    return oldest - this.head >= size ? this.head : undefined;
  }

  /** Records `length` bytes written at `at` (where place put them): they stay until released. */
  commit(at: number, length: number): void {
    this.starts.push(at);
    this.head = at + length;
  }
}
