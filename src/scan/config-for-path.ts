import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { ConfigCascade, configFilesBetween } from '../config/cascade.js';
import { toPosix } from '../sources/files.js';
import { scanSetup } from './setup.js';

/** The configuration that applies to one path, merged over its folders' configs. */
export interface EffectiveConfig {
  /** Config files that apply, outermost first (empty: built-in rules only). */
  files: string[];
  enable?: string[];
  disable: string[];
  customRules: string[];
  /** Ids of every rule that runs on the path. */
  rules: string[];
}

/**
 * What `keylint scan` run from `cwd` would apply to `target`: the config at or above `cwd`
 * (or `config`), and every `.keylint.toml` in the folders between `cwd` and the target.
 */
export function configForPath(target: string, options: { cwd?: string; config?: string } = {}): EffectiveConfig {
  const cwd = options.cwd ?? process.cwd();
  const abs = resolve(cwd, target);
  const inCwd = !relative(cwd, abs).startsWith('..');
  const root = inCwd ? cwd : existsSync(abs) && statSync(abs).isFile() ? dirname(abs) : abs;
  const { config } = scanSetup({ cwd, config: options.config, useBaseline: false }, root);
  const folder = existsSync(abs) && statSync(abs).isDirectory() ? abs : dirname(abs);
  const nested = configFilesBetween(root, folder);
  const cascade = ConfigCascade.load(config, nested, root, (p) => toPosix(relative(cwd, p)) || p);
  const view = cascade.describe(folder);
  return { ...view, files: view.files.filter((f) => f !== '(none)') };
}
