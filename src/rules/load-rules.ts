import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseToml } from '../config/toml.js';
import { compileSpecs, KeylintError, regexSpan, RuleError, RuleErrors, validateRuleFiles, type ParsedRuleFile, type RegexSpan, type RuleSet, type RuleSpec, type SourcedSpec } from '../engine/index.js';
import { expandSpecFragments } from './fragments.js';
import { checkRuleSet, problemMessage } from './check.js';

/** The rules/ folder shipped with the package (next to dist/ and src/). */
export const BUILTIN_RULES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'rules');

/**
 * Validates parsed rule files and expands their shared fragments (`(?&assign)`): the specs
 * as the engine compiles them, and every problem found.
 */
export function ruleEntries(files: readonly ParsedRuleFile[]): { entries: SourcedSpec[]; errors: RuleError[] } {
  const { entries, errors } = validateRuleFiles(files);
  const expanded: SourcedSpec[] = [];
  for (const { spec, source } of entries) {
    try {
      expanded.push({ spec: expandSpecFragments(spec, source), source });
    } catch (e) {
      if (e instanceof RuleError) errors.push(e);
      else throw e;
    }
  }
  return { entries: expanded, errors };
}

/** Validates, expands and compiles rule files; throws RuleErrors listing every problem. */
export function compileRuleFileSet(files: readonly ParsedRuleFile[]): RuleSet {
  const { entries, errors } = ruleEntries(files);
  try {
    const set = compileSpecs(entries);
    if (!errors.length) return set;
  } catch (e) {
    if (!(e instanceof RuleErrors)) throw e;
    errors.push(...e.errors); // every problem in one pass, schema and compile alike
  }
  throw new RuleErrors(errors);
}

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

/** Parses the text of one TOML rule file; a syntax error names the label and line. */
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

/**
 * The built-in rules, parsed and validated at build time (scripts/snapshot-rules.mjs writes
 * it next to dist/), with each rule file's name, size and modification time: a start that
 * finds them unchanged skips reading 250 TOML files and validating them, a quarter of a
 * pre-commit hook's time. Under the test runner (src/) there is no snapshot.
 */
export const BUILTIN_SNAPSHOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'builtin-rules.json');

interface RuleSnapshot {
  version: 3;
  files: RuleFileStamp[];
  entries: SourcedSpec[];
}

interface RuleFileStamp {
  name: string;
  size: number;
  mtimeMs: number;
}

/** Name, size and modification time of every rule file in `dir`, in name order. */
function stampRuleDir(dir: string): RuleFileStamp[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.toml'))
    .sort()
    .map((name) => {
      const info = statSync(join(dir, name));
      return { name, size: info.size, mtimeMs: info.mtimeMs };
    });
}

/** Validates and checks (examples, regex safety) the rule files in `dir` and writes them, stamped, to `snapshotPath` (run by `npm run build`). */
export function writeRuleSnapshot(dir: string, snapshotPath: string): void {
  const files = stampRuleDir(dir);
  const { entries, errors } = ruleEntries(readRuleDir(dir));
  if (errors.length) throw new RuleErrors(errors);
  const set = compileSpecs(entries); // every regex compiles, no duplicate ids
  // Every rule proves itself before it ships, as gitleaks checks its samples at build time.
  const problems = checkRuleSet(set).flatMap((c) => c.problems.map((p) => `${problemMessage(p)} (${set.rules.find((r) => r.id === c.ruleId)!.source})`));
  if (problems.length) throw new KeylintError(problems.join('\n'));
  // Spans need a regex parser: worked out here once so no start of the CLI loads it for built-ins.
  const withSpans = entries.map((e, i) => ({ ...withoutExamples(e), span: regexSpan(set.rules[i]!.regex, set.rules[i]!.keywords, set.rules[i]!.anchor) }));
  const snapshot: RuleSnapshot = { version: 3, files, entries: withSpans };
  // In ASCII: a few other characters (in examples) would make the whole text a two-byte
  // string, which every start of the CLI reads and parses ~4 ms slower.
  const ascii = JSON.stringify(snapshot).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  writeFileSync(snapshotPath, ascii);
}

/** The snapshot's validated specs, or undefined when there is none or a rule file in `dir` changed since it was written. */
export function readRuleSnapshot(snapshotPath: string, dir: string): SourcedSpec[] | undefined {
  let snapshot: RuleSnapshot;
  try {
    snapshot = JSON.parse(readFileSync(snapshotPath, 'utf8')) as RuleSnapshot;
  } catch {
    return undefined;
  }
  const current = stampRuleDir(dir);
  const same =
    snapshot.version === 3 &&
    snapshot.files.length === current.length &&
    snapshot.files.every((f, i) => f.name === current[i]!.name && f.size === current[i]!.size && f.mtimeMs === current[i]!.mtimeMs);
  // JSON writes an unbounded span (Infinity) as null.
  const bound = (n: number | null) => n ?? Infinity;
  const revive = (span: RegexSpan): RegexSpan => ({ ...span, maxLength: bound(span.maxLength), reach: bound(span.reach), keywordOffset: bound(span.keywordOffset) });
  return same ? snapshot.entries.map((e) => (e.span ? { ...e, span: revive(e.span) } : e)) : undefined;
}

let builtin: RuleSet | undefined;

/** The built-in rule set, loaded once per process (from the build's snapshot when it is current). */
export function loadBuiltinRules(): RuleSet {
  builtin ??= (() => {
    // The Action's single-file bundle carries the snapshot inside it (scripts/build-action.mjs defines it).
    const embedded = (globalThis as { KEYLINT_EMBEDDED_RULES?: SourcedSpec[] }).KEYLINT_EMBEDDED_RULES;
    if (embedded) return compileSpecs(embedded);
    const entries = readRuleSnapshot(BUILTIN_SNAPSHOT, BUILTIN_RULES_DIR);
    return entries ? compileSpecs(entries) : withoutExamplesSet(compileRuleFileSet(readRuleDir(BUILTIN_RULES_DIR)));
  })();
  return builtin;
}

let proved: RuleSet | undefined;

/** The built-in rule set with each rule's examples, compiled from the rule files (slower than loadBuiltinRules): for checks and tests. */
export function builtinRulesWithExamples(): RuleSet {
  return (proved ??= compileRuleFileSet(builtinRuleFiles()));
}

/*
 * Examples prove a rule when the build writes the snapshot and in tests
 * (builtinRulesWithExamples); a scan never needs them, and they were a quarter of the
 * snapshot every start of the CLI parses, so the built-in rule set leaves them out.
 */
function withoutExamples<T extends { spec: RuleSpec }>(entry: T): T {
  const { examples: _examples, ...spec } = entry.spec;
  return { ...entry, spec };
}

function withoutExamplesSet(set: RuleSet): RuleSet {
  return { rules: set.rules, specs: new Map([...set.specs].map(([id, spec]) => [id, withoutExamples({ spec }).spec])) };
}

let files: ParsedRuleFile[] | undefined;

/** The parsed built-in rule files, as written (for example checks). */
export function builtinRuleFiles(): ParsedRuleFile[] {
  return (files ??= readRuleDir(BUILTIN_RULES_DIR));
}
