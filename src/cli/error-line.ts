import { KeylintError } from '../engine/errors.js';

/** An error as one line a user can act on; unexpected errors are labelled, never dumped as a stack. */
export function errorLine(e: unknown): string {
  if (e instanceof KeylintError) return e.message.split('\n').join('; ');
  const err = e as NodeJS.ErrnoException;
  if (err?.code && err.path) return `${err.path}: ${err.code}`;
  return `internal error: ${(err?.message ?? String(e)).split('\n')[0]}`;
}
