import { expandExample, Scanner, toJsRegex, type CompiledRule, type Finding, type Kind, type RuleSet, type RuleSpec } from '../engine/index.js';
import { redactExample } from './redact-example.js';
import { catastrophicBacktracking, polynomialBacktracking } from './regex-safety.js';

/**
 * The one checker of rule files: a rule's examples must prove it (secrets and publishable
 * keys found as such, look-alikes not found) and its regexes must pass the safety gate.
 * The build snapshot, the test suite, custom rules in `.keylint.toml` and
 * `keylint rules test` all ask it, so a rule means the same thing everywhere.
 */

/** One problem with a rule; `field` is dotted (`examples.secret[0]`), `path` the same as keys (for finding its line). */
export interface RuleProblem {
  ruleId: string;
  field: string;
  path: PropertyKey[];
  problem: string;
}

/** A problem as one line, starting with the rule id (gitleaks' habit): `github-pat: examples.not[0]: ...`. */
export function problemMessage(p: RuleProblem): string {
  return `${p.ruleId}: ${p.field}: ${p.problem}`;
}

/** What became of one example: what it should be found as (`none` for examples.not) and whether it was. */
export interface ExampleOutcome {
  field: string;
  expected: Kind | 'none';
  ok: boolean;
  /** The example as written, with anything secret-looking redacted: safe to print. */
  shown: string;
  problem?: string;
}

/** Where a rule's main regex runs: V8 (built-in rules, or no RE2) can take polynomial time on a long line, RE2 cannot. */
export type RegexEngine = 'v8' | 're2';

export interface RuleCheck {
  ruleId: string;
  examples: ExampleOutcome[];
  engine: RegexEngine;
  /** Every problem: failed examples, missing examples (when required) and unsafe regexes. */
  problems: RuleProblem[];
}

export interface CheckOptions {
  /** The rules the examples are scanned with (a rule that steals another's example fails it); default: the rule alone. */
  scanner?: Scanner;
  /** Built-in rules must carry examples; a custom rule may omit them. */
  requireExamples?: boolean;
  engine: RegexEngine;
}

const dotted = (path: readonly PropertyKey[]) => path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)), '');

/** Every regex a rule holds, with where it sits: the gate checks them all, since each runs on text or paths. */
function regexesOf(spec: RuleSpec): [PropertyKey[], string][] {
  const out: [PropertyKey[], string][] = [[['regex'], spec.regex]];
  if (spec.path !== undefined) out.push([['path'], spec.path]);
  const lists: [PropertyKey[], NonNullable<RuleSpec['allowlist']>][] = [
    ...(spec.allowlist ? [[['allowlist'], spec.allowlist] as [PropertyKey[], NonNullable<RuleSpec['allowlist']>]] : []),
    ...(spec.allowlists ?? []).map((l, i) => [['allowlists', i], l] as [PropertyKey[], NonNullable<RuleSpec['allowlist']>]),
  ];
  for (const [at, l] of lists) {
    l.regexes.forEach((r, j) => out.push([[...at, 'regexes', j], r]));
    l.paths.forEach((r, j) => out.push([[...at, 'paths', j], r]));
  }
  spec.when.forEach((w, i) => {
    for (const key of ['name', 'context', 'line', 'path'] as const) if (w[key] !== undefined) out.push([['when', i, key], w[key]]);
  });
  return out;
}

/**
 * The regex-safety gate: no regex of the rule may backtrack catastrophically, and a main
 * regex that V8 runs may not take polynomial time on a long line (RE2 runs it in linear time).
 */
export function safetyProblems(spec: RuleSpec, engine: RegexEngine): RuleProblem[] {
  const problems: RuleProblem[] = [];
  for (const [path, pattern] of regexesOf(spec)) {
    let js: { source: string; flags: string };
    try {
      js = toJsRegex(pattern);
    } catch {
      continue; // compiling the rule reports a regex JavaScript cannot express
    }
    const risk = catastrophicBacktracking(js.source, js.flags) ?? (engine === 'v8' && path[0] === 'regex' ? polynomialBacktracking(js.source, js.flags) : undefined);
    if (risk) problems.push({ ruleId: spec.id, field: dotted(path), path, problem: risk });
  }
  return problems;
}

/** Scans each example of `spec` and says whether it came out as the rule promises. */
export function checkExamples(spec: RuleSpec, scanner: Scanner): ExampleOutcome[] {
  const ex = spec.examples;
  if (!ex) return [];
  const path = ex.path ?? 'src/example.txt';
  const outcomes: ExampleOutcome[] = [];
  const lists = [
    ['secret', ex.secret, 'secret'],
    ['publishable', ex.publishable, 'publishable'],
    ['not', ex.not, 'none'],
  ] as const;
  for (const [label, list, expected] of lists) {
    list.forEach((template, i) => {
      const field = `examples.${label}[${i}]`;
      let mine: Finding[];
      try {
        mine = scanner.scan({ path, text: expandExample(template) }).filter((f) => f.ruleId === spec.id);
      } catch (e) {
        // An example is a template ({{rand:…}}, {{crc32:…}}); a broken one is the rule's error.
        outcomes.push({ field, expected, ok: false, shown: redactExample(template), problem: `bad template (${(e as Error).message})` });
        return;
      }
      const kinds = mine.map((f) => f.kind);
      const problem =
        expected === 'none'
          ? kinds.length
            ? 'is matched by the rule but is listed as a look-alike'
            : undefined
          : kinds.includes(expected)
            ? undefined
            : kinds.length
              ? `is found as ${kinds[0]}, not ${expected}`
              : 'is not matched by the rule';
      outcomes.push({ field, expected, ok: !problem, shown: redactExample(template), problem });
    });
  }
  return outcomes;
}

/** Checks one rule: its examples (scanned with `options.scanner`, else the rule alone) and the safety gate. */
export function checkRule(spec: RuleSpec, rule: CompiledRule, options: CheckOptions): RuleCheck {
  const problems: RuleProblem[] = [];
  const ex = spec.examples;
  if (options.requireExamples) {
    if (!ex || ex.secret.length + ex.publishable.length === 0) problems.push({ ruleId: spec.id, field: 'examples', path: ['examples'], problem: 'needs examples.secret or examples.publishable (values the rule must find)' });
    if (!ex || ex.not.length === 0) problems.push({ ruleId: spec.id, field: 'examples.not', path: ['examples', 'not'], problem: 'needs look-alikes the rule must not find' });
  }
  const examples = checkExamples(spec, options.scanner ?? new Scanner([rule]));
  for (const o of examples) {
    if (o.problem) {
      const [, label, index] = /^examples\.(\w+)\[(\d+)\]$/.exec(o.field)!;
      problems.push({ ruleId: spec.id, field: o.field, path: ['examples', label!, Number(index)], problem: o.problem });
    }
  }
  problems.push(...safetyProblems(spec, options.engine));
  return { ruleId: spec.id, examples, engine: options.engine, problems };
}

/**
 * Checks every rule of a set the way built-in rules are held: examples required and
 * scanned against the whole set, regexes gated as V8 runs them (built-ins never use RE2).
 */
export function checkRuleSet(set: RuleSet): RuleCheck[] {
  const scanner = new Scanner(set.rules);
  return set.rules.map((rule) => checkRule(set.specs.get(rule.id)!, rule, { scanner, requireExamples: true, engine: 'v8' }));
}
