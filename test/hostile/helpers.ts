import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI (npm run build): hostile runs go through the real binary, as an attacker's would. */
export const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'keylint.js');

export interface BinRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** The run was killed at the deadline: a hang. */
  timedOut: boolean;
}

/**
 * Runs bin/keylint.js in a subprocess, killed at `timeoutMs`, so a hang fails the test
 * instead of stalling the suite. `stdin` may be text or a file descriptor to read from.
 */
export function runBin(
  args: string[],
  options: { cwd: string; stdin?: string | number; timeoutMs?: number; env?: NodeJS.ProcessEnv; stdout?: number },
): Promise<BinRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...options.env },
      stdio: [typeof options.stdin === 'number' ? options.stdin : 'pipe', options.stdout ?? 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    if (typeof options.stdin === 'string') child.stdin!.end(options.stdin);
    else child.stdin?.end();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 10_000);
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal, stdout, stderr, ms: performance.now() - started, timedOut });
    });
  });
}

/** Every stderr line is one `keylint: ...` line: no stack trace, no multi-line dump. */
export function oneLineErrors(stderr: string): boolean {
  return stderr
    .split('\n')
    .filter(Boolean)
    .every((l) => l.startsWith('keylint: ') && !/^\s+at /.test(l));
}
