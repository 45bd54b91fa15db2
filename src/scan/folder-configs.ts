import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CONFIG_FILE } from '../config/load-config.js';

const run = promisify(execFile);

/**
 * The `.keylint.toml` files in a repository's working tree (tracked, or new and not
 * ignored), as absolute paths. History and staged scans judge every revision by these:
 * the policy the repository holds now, not the one an old commit had.
 */
export async function worktreeConfigFiles(top: string): Promise<string[]> {
  try {
    const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', `:(glob)**/${CONFIG_FILE}`], {
      cwd: top,
      maxBuffer: 1 << 26,
    });
    return [...new Set(stdout.split('\0').filter(Boolean))].map((p) => join(top, p));
  } catch {
    return [];
  }
}
