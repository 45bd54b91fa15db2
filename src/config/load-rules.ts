import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseToml } from 'smol-toml';
import { compileRuleFiles, RuleError, RuleErrors, type ParsedRuleFile, type RuleSet } from '../engine/index.js';

/** The rules/ folder shipped with the package (next to dist/ and src/). */
export const BUILTIN_RULES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'rules');

/** Reads and parses one TOML rule file; a syntax error names the file and line. */
export function readRuleFile(path: string, label = path): ParsedRuleFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new RuleError(label, undefined, 'file', `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseRuleText(text, label);
}

export function parseRuleText(text: string, label: string): ParsedRuleFile {
  try {
    return { source: label, data: parseToml(text) };
  } catch (e) {
    const err = e as { line?: number; message: string };
    const where = err.line ? `line ${err.line}` : 'toml';
    throw new RuleError(label, undefined, where, `invalid TOML (${err.message.split('\n')[0]})`);
  }
}

/** Every `*.toml` rule file in a folder, parsed, in name order. Labels are relative to `base`. */
export function readRuleDir(dir: string, base = dirname(dir)): ParsedRuleFile[] {
  const errors: RuleError[] = [];
  const files: ParsedRuleFile[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.toml')).sort()) {
    try {
      files.push(readRuleFile(join(dir, name), relative(base, join(dir, name)).split('\\').join('/')));
    } catch (e) {
      if (e instanceof RuleError) errors.push(e);
      else throw e;
    }
  }
  if (errors.length) throw new RuleErrors(errors);
  return files;
}

let builtin: { files: ParsedRuleFile[]; set: RuleSet } | undefined;

/** The built-in rule set, loaded once per process. */
export function loadBuiltinRules(): RuleSet {
  builtin ??= (() => {
    const files = readRuleDir(BUILTIN_RULES_DIR);
    return { files, set: compileRuleFiles(files) };
  })();
  return builtin.set;
}

/** The parsed built-in rule files (for example checks and rule listings). */
export function builtinRuleFiles(): ParsedRuleFile[] {
  loadBuiltinRules();
  return builtin!.files;
}
