import type { Writable } from 'node:stream';

/** What became of the writes to one output stream. */
export interface WatchedOutput {
  /** The first write error, if any. */
  error(): NodeJS.ErrnoException | undefined;
  /** Resolves once every write so far has been handed to the OS (or failed). */
  settled(): Promise<void>;
}

/**
 * Catches write errors on an output stream, which Node would otherwise throw as an
 * unhandled 'error' event with a stack trace: a closed pipe (`keylint rules | head`)
 * or a full disk (`> /dev/full`). The first error is kept for the exit code.
 */
export function watchOutput(stream: NodeJS.WritableStream | Writable): WatchedOutput {
  let first: NodeJS.ErrnoException | undefined;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    first ??= e;
  });
  return {
    error: () => first,
    settled: () =>
      new Promise<void>((resolve) => {
        if (first || (stream as Writable).destroyed) return resolve();
        stream.write('', () => resolve());
      }),
  };
}

/**
 * The exit code and message a failed write calls for: EPIPE (the reader went away) ends
 * quietly with the run's own code, as other Unix tools do; any other error is exit 2
 * with one line, never "secrets found" (1) by accident.
 */
export function writeFailure(error: NodeJS.ErrnoException | undefined): { exitCode: number; message?: string } | undefined {
  if (!error) return undefined;
  if (error.code === 'EPIPE') return undefined;
  return { exitCode: 2, message: `keylint: cannot write the output (${error.code ?? error.message})` };
}
