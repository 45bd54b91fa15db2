import { relative, resolve, sep } from 'node:path';
import { ConfigError } from '../config/errors.js';
import type { KeylintConfig } from '../config/load-config.js';
import { lineOf } from '../config/locate.js';
import { parseSize } from '../sources/content.js';
import { globProblem } from '../sources/globs.js';

/** The file-source options a config's [files] table gives, for a scan rooted at `root`. */
export interface ConfigFileOptions {
  include: string[] | undefined;
  exclude: string[];
  /** The size limit, checked only when asked for: a caller's own limit leaves the config's unread, as before. */
  maxFileSize: () => number | undefined;
}

/** Reads the config's [files] table: globs rebased onto the scan root, the size limit checked. */
export function configFileOptions(config: KeylintConfig, root: string): ConfigFileOptions {
  const files = config.files;
  // A malformed glob would match nothing and narrow the scan to nothing, silently.
  for (const key of ['include', 'exclude'] as const) {
    (files[key] ?? []).forEach((glob, i) => {
      const problem = globProblem(glob);
      if (problem)
        throw new ConfigError(
          config.label,
          lineOf(config.text, ['files', key]),
          `files.${key}[${i}]`,
          `${JSON.stringify(glob)} is not a valid glob (${problem})`,
        );
    });
  }
  const maxFileSize = () => {
    if (files.maxFileSize === undefined) return undefined;
    try {
      return parseSize(files.maxFileSize);
    } catch (e) {
      throw new ConfigError(config.label, lineOf(config.text, ['files', 'maxFileSize']), 'files.maxFileSize', (e as Error).message);
    }
  };
  return {
    include: files.include?.length ? rebaseGlobs(files.include, config.dir, root, 'include') : undefined,
    exclude: files.exclude.length ? rebaseGlobs(files.exclude, config.dir, root, 'exclude') : [],
    maxFileSize,
  };
}

// Matches no path: an include glob that cannot reach below the scan root must still
// narrow the scan (to nothing), not vanish and widen it.
const NOTHING = '!**';

/**
 * The config's [files] globs are relative to the config's folder; the file source matches
 * paths relative to the scan root. When the root is below the config's folder (`keylint
 * scan src` with the config at the top), `src/vendor/**` becomes `vendor/**`, a glob for
 * another folder can match nothing, and `**` globs apply as they are. A root outside the
 * config's folder (--config elsewhere) leaves the globs as written.
 */
function rebaseGlobs(globs: readonly string[], configDir: string, root: string, kind: 'include' | 'exclude'): string[] {
  const prefix = relative(resolve(configDir), resolve(root)).split(sep).join('/');
  if (prefix === '' || prefix.startsWith('..')) return [...globs];
  const out: string[] = [];
  for (const glob of globs) {
    if (glob.startsWith('**')) out.push(glob);
    else if (glob.startsWith(`${prefix}/`)) out.push(glob.slice(prefix.length + 1));
    else if (/^[^*?[{(!]*\//.test(glob))
      continue; // a literal first folder that is not the root's
    else out.push(glob); // a leading pattern (`{src,lib}/**`, `*.env`): kept rather than guessed at
  }
  return out.length || kind === 'exclude' ? out : [NOTHING];
}
