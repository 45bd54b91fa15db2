import { configRelativePath } from '../config/allowlist.js';
import { inlineIgnoreFor } from '../config/inline-ignores.js';
import { emptyConfig, type KeylintConfig } from '../config/load-config.js';
import { rulesForConfig } from '../config/rules-for-config.js';
import { KeylintError, Scanner, type Chunk, type Finding } from '../engine/index.js';
import { pathFilter } from '../sources/path-filter.js';
import { scanSetup } from '../scan/setup.js';

/** What the rule needs from keylint's setup for one project. */
export interface ProjectSetup {
  scanner: Scanner;
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
    return { scanner, keep: (f, chunk) => !excluded(f.file) && filters.every((keep) => keep(f, chunk)) };
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
