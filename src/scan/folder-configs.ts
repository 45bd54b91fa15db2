import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { promisify } from 'node:util';
import { CONFIG_FILE } from '../config/load-config.js';

const run = promisify(execFile);

/**
 * The `.keylint.toml` files in a repository's working tree (tracked, or new and not
 * ignored), as absolute paths. A history scan judges every revision by these: the policy
 * the repository holds now, not the one an old commit had.
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

/**
 * The `.keylint.toml` files over `paths` (from the top of the work tree at `top`): in their
 * folders and the folders above them, tracked or new and not ignored, as absolute paths. A
 * commit is judged by the configs over the files it changes, so a hook need not list every
 * config in the work tree (`git ls-files --others` walks all of it, so its time grows with
 * the tree). git is asked only when such a file exists, other than `own` (the scan's config).
 */
export async function configFilesOver(top: string, paths: readonly string[], own: string | undefined): Promise<string[]> {
  const folders = new Set<string>();
  for (const path of paths) {
    for (let folder = posix.dirname(path); !folders.has(folder); folder = posix.dirname(folder)) {
      folders.add(folder);
      if (folder === '.') break;
    }
  }
  const present = [...folders]
    .map((folder) => (folder === '.' ? CONFIG_FILE : `${folder}/${CONFIG_FILE}`))
    .filter((rel) => resolve(top, rel) !== own && existsSync(join(top, rel)));
  if (present.length === 0) return [];
  try {
    const pathspecs = present.map((rel) => `:(top,literal)${rel}`);
    const { stdout } = await run('git', ['ls-files', '-z', '--full-name', '--cached', '--others', '--exclude-standard', '--', ...pathspecs], {
      cwd: top,
      maxBuffer: 1 << 26,
    });
    return [...new Set(stdout.split('\0').filter(Boolean))].map((rel) => join(top, rel));
  } catch {
    return [];
  }
}
