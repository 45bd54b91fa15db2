import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

function sink(): { stream: Writable; text: () => string } {
  const parts: string[] = [];
  return {
    stream: new Writable({
      write(chunk, _enc, cb) {
        parts.push(String(chunk));
        cb();
      },
    }),
    text: () => parts.join(''),
  };
}

/** Runs the keylint CLI in-process with captured output. */
export async function runCli(argv: string[], options: { cwd: string; stdin?: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  const out = sink();
  const err = sink();
  const { exitCode } = await main(argv, {
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    stdout: out.stream,
    stderr: err.stream,
    cwd: options.cwd,
    env: options.env ?? {},
  });
  return { exitCode, stdout: out.text(), stderr: err.text() };
}

/** A temp folder removed by the returned cleanup function. */
export function tempDir(prefix = 'keylint-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
