import { expandExample, Scanner, type Finding } from '../../src/engine/index.js';
import { builtinRulesWithExamples, loadBuiltinRules } from '../../src/rules/load-rules.js';

let scanner: Scanner | undefined;

/**
 * A synthetic value for a rule: its own example template expanded with `seed` and found by the
 * real scanner (so it has the rule's shape and checksum). Different seeds, different values.
 */
export function syntheticFinding(ruleId: string, seed: number, file = 'config/app.env'): Finding {
  scanner ??= new Scanner(loadBuiltinRules().rules);
  const spec = builtinRulesWithExamples().specs.get(ruleId);
  const templates = spec?.examples?.secret.length ? spec.examples.secret : (spec?.examples?.publishable ?? []);
  for (const template of templates) {
    for (let attempt = 0; attempt < 20; attempt++) {
      const text = expandExample(template, seed * 1000 + attempt);
      const found = scanner.scan({ path: spec?.examples?.path ?? file, text }).find((f) => f.ruleId === ruleId);
      if (found) {
        found.file = file;
        return found;
      }
    }
  }
  throw new Error(`no synthetic value for ${ruleId}`);
}

/** A copy of a finding in another file (the raw secret is a hidden property a spread would drop). */
export function inFile(finding: Finding, file: string): Finding {
  const copy = { ...finding, file };
  Object.defineProperty(copy, 'secret', { value: finding.secret, enumerable: false, writable: true });
  return copy;
}
