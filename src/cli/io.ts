import type { Readable, Writable } from 'node:stream';

/** The process's surroundings, passed in so the CLI runs in-process in tests. */
export interface CliIO {
  stdin: NodeJS.ReadableStream | Readable;
  stdout: NodeJS.WritableStream | Writable;
  stderr: NodeJS.WritableStream | Writable;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** What a lone `-` argument (read standard input) becomes after parsing. */
export const STDIN_ARG = '<stdin>';

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** Whether a stream is an interactive terminal (colors, progress). */
export function isTty(stream: unknown): boolean {
  return Boolean((stream as { isTTY?: boolean }).isTTY);
}

/** Colors follow the terminal, NO_COLOR / FORCE_COLOR, and --color / --no-color. */
export function useColor(flag: boolean | undefined, io: CliIO): boolean {
  if (flag !== undefined) return flag;
  if (io.env.NO_COLOR) return false;
  if (io.env.FORCE_COLOR && io.env.FORCE_COLOR !== '0') return true;
  return isTty(io.stdout);
}
