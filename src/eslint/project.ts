import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { configRelativePath } from '../config/allowlist.js';
import { ConfigCascade, configFilesBetween } from '../config/cascade.js';
import { inlineIgnoreFor } from '../config/inline-ignores.js';
import { CONFIG_FILE, emptyConfig, type KeylintConfig } from '../config/load-config.js';
import { rulesForConfig } from '../config/rules-for-config.js';
import { KeylintError, Scanner, type Chunk, type Finding } from '../engine/index.js';
import { pathFilter } from '../sources/path-filter.js';
import { scanSetup } from '../scan/setup.js';

/** What the rule needs from keylint's setup for one project (or one folder of it with its own config). */
export interface ProjectSetup {
  scanner: Scanner;
  /** The project's own config (the nearest `.keylint.toml` at or above the root), when it loaded. */
  config?: KeylintConfig;
  /** False when an inline directive, or the project's `.keylint.toml` allowlist or file excludes, silence the finding. */
  keep(finding: Finding, chunk: Chunk): boolean;
  /** A broken `.keylint.toml`, as one line; the rule shows it instead of guessing at the user's intent. */
  configError?: string;
}

// An editor's ESLint server lints on every keystroke: loading the config and compiling
// the rule set once per process (not once per file) is what keeps the rule cheap.
// Setups are keyed by the project root (ESLint's cwd), so each workspace gets its own config.
const setups = new Map<string, ProjectSetup>();

/** The setup shared by every file linted in this process under `root`: the nearest `.keylint.toml` at or above it, else built-ins only. */
export function projectSetup(root: string): ProjectSetup {
  let setup = setups.get(root);
  if (!setup) {
    setup = load(root);
    setups.set(root, setup);
  }
  return setup;
}

function load(root: string): ProjectSetup {
  try {
    // The editor has no baseline: a finding recorded in one is still a secret in the code being written.
    const { scanner, filters, config } = scanSetup({ cwd: root, useBaseline: false }, root);
    const excluded = excludedByConfig(config, root);
    return { scanner, config, keep: (f, chunk) => !excluded(f.file) && filters.every((keep) => keep(f, chunk)) };
  } catch (e) {
    if (!(e instanceof KeylintError)) throw e;
    const fallback = new Scanner(rulesForConfig(emptyConfig(root)));
    return { scanner: fallback, keep: (f, chunk) => !inlineIgnoreFor(f, chunk), configError: e.message.split('\n').join('; ') };
  }
}

/** Whether the config's `[files] exclude` globs (relative to its folder) keep a file out of scans, and so out of the editor too. */
function excludedByConfig(config: KeylintConfig, root: string): (file: string) => boolean {
  if (config.files.exclude.length === 0) return () => false;
  const kept = pathFilter(undefined, config.files.exclude);
  return (file) => {
    const rel = configRelativePath(config, root, file);
    return !rel.startsWith('<') && !rel.startsWith('..') && !kept(rel);
  };
}

const folderSetups = new Map<string, ProjectSetup>();
const configsIn = new Map<string, boolean>();

/**
 * The setup for one linted file (`file` relative to `root`): the project's, or, when folders
 * between the root and the file have their own `.keylint.toml`, one that cascades over them
 * (rules and allowlists of the file's folder). Cached by the chain of config files.
 */
export function setupForFile(root: string, file: string): ProjectSetup {
  const project = projectSetup(root);
  if (!project.config || file.startsWith('..') || file.startsWith('<')) return project;
  const nested = configFilesBetween(root, dirname(resolve(root, file)), hasConfig).filter((p) => p !== project.config!.path);
  if (nested.length === 0) return project;
  const key = `${root}\0${nested.join('\0')}`;
  let setup = folderSetups.get(key);
  if (!setup) {
    setup = loadFolderSetup(project, project.config, nested, root);
    folderSetups.set(key, setup);
  }
  return setup;
}

function loadFolderSetup(project: ProjectSetup, config: KeylintConfig, nested: string[], root: string): ProjectSetup {
  try {
    const cascade = ConfigCascade.load(config, nested, root, (p) => relative(root, p));
    return {
      // The same rules as a CLI scan with these configs, judged by the file's folder: a rule a
      // folder disables is silenced there, and no generic rule takes over the span it claims.
      scanner: new Scanner(cascade.allRules()),
      keep: (f, chunk) => !cascade.skips(f.file) && cascade.keeps(f, chunk) && !inlineIgnoreFor(f, chunk),
    };
  } catch (e) {
    if (!(e instanceof KeylintError)) throw e;
    return { ...project, configError: e.message.split('\n').join('; ') };
  }
}

/** Whether a folder holds a `.keylint.toml`, asked once per folder per process. */
function hasConfig(dir: string): boolean {
  let present = configsIn.get(dir);
  if (present === undefined) {
    present = existsSync(join(dir, CONFIG_FILE));
    configsIn.set(dir, present);
  }
  return present;
}
