import { Scanner, type Finding } from '../engine/index.js';
import { loadBuiltinRules } from '../config/load-rules.js';
import { inlineIgnored } from './inline-ignores.js';

/** What the rule needs from keylint's setup for one project: the scanner and the finding filter. */
export interface ProjectSetup {
  scanner: Scanner;
  /** False when an inline directive or the project's config silences the finding. */
  keep(finding: Finding, lines: readonly string[]): boolean;
}

// An editor's ESLint server lints on every keystroke: compiling the rule set once per
// process (not once per file) is what keeps the rule cheap. Setups are keyed by the
// project root so a `.keylint.toml` loader can slot in per workspace.
const setups = new Map<string, ProjectSetup>();
let builtin: Scanner | undefined;

/** The setup shared by every file linted in this process under `root` (ESLint's cwd). */
export function projectSetup(root: string): ProjectSetup {
  let setup = setups.get(root);
  if (!setup) {
    builtin ??= new Scanner(loadBuiltinRules().rules);
    setup = { scanner: builtin, keep: (finding, lines) => !inlineIgnored(lines, finding.line) };
    setups.set(root, setup);
  }
  return setup;
}
