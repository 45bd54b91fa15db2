import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CONFIG_FILE } from '../config/load-config.js';

const run = promisify(execFile);

/**
 * The `.keylint.toml` files in the working tree of the repository holding `dir` (tracked, or
 * new and not ignored), as paths from its top: `dir` may be any folder in it, so a caller can
 * ask before it knows the top. History and staged scans judge every revision by these: the
 * policy the repository holds now, not the one an old commit had.
 */
export async function worktreeConfigPaths(dir: string): Promise<string[]> {
  try {
    const pathspec = `:(top,glob)**/${CONFIG_FILE}`;
    const { stdout } = await run('git', ['ls-files', '-z', '--full-name', '--cached', '--others', '--exclude-standard', '--', pathspec], {
      cwd: dir,
      maxBuffer: 1 << 26,
    });
    return [...new Set(stdout.split('\0').filter(Boolean))];
  } catch {
    return [];
  }
}
