import type { Readable, Writable } from 'node:stream';

/** The process's surroundings a door runs in, passed in so every door runs in-process in tests. */
export interface DoorIO {
  stdin: NodeJS.ReadableStream | Readable;
  stdout: NodeJS.WritableStream | Writable;
  stderr: NodeJS.WritableStream | Writable;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;
