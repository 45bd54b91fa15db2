import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { GIT_ENV, GitError, gitReason } from './git.js';

/** One object as `git cat-file --batch` returned it; `data` is unset when the caller chose not to keep it. */
export interface ObjectRecord {
  sha: string;
  missing: boolean;
  type: string;
  size: number;
  data?: Buffer;
}

interface Waiter {
  keep: (size: number) => boolean;
  resolve: (r: ObjectRecord) => void;
  reject: (e: Error) => void;
}

/**
 * One long-lived `git cat-file --batch` process: requests are written to its stdin and the
 * answers parsed off its stdout in order, so thousands of blobs cost one process, not one each.
 */
export class CatFile {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly waiters: Waiter[] = [];
  private stderr = '';
  private failure?: Error;
  // Parser state: a header line being assembled, or the body of the current object.
  private header: Buffer[] = [];
  private current?: { waiter: Waiter; record: ObjectRecord; remaining: number; parts: Buffer[] | undefined };

  constructor(readonly repo: string) {
    this.proc = spawn('git', ['cat-file', '--batch'], { cwd: repo, env: GIT_ENV });
    this.proc.stdout.on('data', (d: Buffer) => this.parse(d));
    this.proc.stderr.on('data', (d: Buffer) => {
      if (this.stderr.length < 8192) this.stderr += d.toString('utf8');
    });
    // EPIPE after git died is reported through 'close' instead.
    this.proc.stdin.on('error', () => {});
    this.proc.on('error', (e: NodeJS.ErrnoException) => this.fail(new GitError(e.code === 'ENOENT' ? 'git: not found on PATH' : `git cat-file: ${e.message}`)));
    this.proc.on('close', (code) => this.fail(new GitError(`git cat-file: ${code ? gitReason(this.stderr) : 'exited early'}`)));
  }

  /** What git said on stderr so far (why an object was reported missing, say). */
  get errors(): string {
    return this.stderr;
  }

  /** Reads one object; its content is kept only when `keep(size)` says so. */
  read(sha: string, keep: (size: number) => boolean = () => true): Promise<ObjectRecord> {
    const [record] = this.readMany([sha], keep);
    return record!;
  }

  /**
   * Asks for several objects with one write (a write per object is a system call each, and
   * on a history of thousands of blobs those cost more than git's own reading); the answers
   * come in the order asked.
   */
  readMany(shas: readonly string[], keep: (size: number) => boolean): Promise<ObjectRecord>[] {
    if (this.failure) {
      const failure = this.failure;
      return shas.map(() => Promise.reject(failure));
    }
    const records = shas.map((): Promise<ObjectRecord> => new Promise((resolve, reject) => this.waiters.push({ keep, resolve, reject })));
    this.proc.stdin.write(shas.join('\n') + '\n');
    return records;
  }

  /** Ends the process (idempotent). */
  async close(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const closed = new Promise<void>((resolve) => this.proc.once('close', () => resolve()));
    this.failure ??= new GitError('git cat-file: closed');
    this.proc.stdin.end();
    await closed;
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const w of this.waiters.splice(0)) w.reject(this.failure);
    if (this.current) this.current = undefined;
  }

  private parse(data: Buffer): void {
    let at = 0;
    while (at < data.length) {
      const cur = this.current;
      if (cur) {
        const n = Math.min(cur.remaining, data.length - at);
        cur.parts?.push(data.subarray(at, at + n));
        cur.remaining -= n;
        at += n;
        if (cur.remaining === 0) {
          this.current = undefined;
          // The body is followed by one LF, which was counted in `remaining`.
          if (cur.parts) cur.record.data = (cur.parts.length === 1 ? cur.parts[0]! : Buffer.concat(cur.parts)).subarray(0, cur.record.size);
          cur.waiter.resolve(cur.record);
        }
        continue;
      }
      const nl = data.indexOf(10, at);
      if (nl < 0) {
        this.header.push(data.subarray(at));
        return;
      }
      this.header.push(data.subarray(at, nl));
      at = nl + 1;
      const line = Buffer.concat(this.header).toString('utf8');
      this.header = [];
      const waiter = this.waiters.shift();
      if (!waiter) continue;
      const [sha = '', type = '', size = ''] = line.split(' ');
      if (type === 'missing' || type === 'ambiguous' || !/^\d+$/.test(size)) {
        waiter.resolve({ sha, missing: true, type, size: 0 });
        continue;
      }
      const record: ObjectRecord = { sha, missing: false, type, size: Number(size) };
      this.current = { waiter, record, remaining: record.size + 1, parts: waiter.keep(record.size) ? [] : undefined };
    }
  }
}
