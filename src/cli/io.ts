import type { DoorIO } from '../scan/io.js';

/** The process's surroundings, passed in so the CLI runs in-process in tests. */
export type CliIO = DoorIO;

/** What a lone `-` argument (read standard input) becomes after parsing. */
export const STDIN_ARG = '<stdin>';

export { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS } from '../scan/io.js';

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
