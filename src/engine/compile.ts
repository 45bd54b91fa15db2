import { parseAnchor } from './anchor.js';
import { defaultSeverity } from './classify.js';
import { RuleError, RuleErrors } from './errors.js';
import { captureGroupCount, regexSyntaxProblem, toJsRegex } from './regex.js';
import type { RegexSpan } from './regex-span.js';
import { ruleSchemas, type RuleSpec } from './rule-schema.js';
import type { ClassifyWhen, CompiledRule, Kind, Severity } from './types.js';
import { isKnownValidator } from './validators/index.js';

export interface ParsedRuleFile {
  /** Path or label of the rule file, for error messages. */
  source: string;
  /** The file's content as parsed from TOML. */
  data: unknown;
}

/** Validates the rule specs of one parsed rule file, collecting every problem. */
export function readRuleSpecs(file: ParsedRuleFile): { specs: RuleSpec[]; errors: RuleError[] } {
  const errors: RuleError[] = [];
  const { ruleFileSchema, ruleSpecSchema } = ruleSchemas();
  const top = ruleFileSchema.safeParse(file.data);
  if (!top.success) return { specs: [], errors: [new RuleError(file.source, undefined, 'file', 'not a rule file')] };
  const raw = [...(top.data.rule ?? []).map((r) => ['rule', r] as const), ...(top.data.rules ?? []).map((r) => ['rules', r] as const)];
  if (raw.length === 0) errors.push(new RuleError(file.source, undefined, 'rule', 'no [[rule]] entries'));
  const specs: RuleSpec[] = [];
  raw.forEach(([table, r], i) => {
    const parsed = ruleSpecSchema.safeParse(r);
    const id = typeof (r as { id?: unknown })?.id === 'string' ? (r as { id: string }).id : undefined;
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.length ? issue.path.join('.') : `${table}[${i}]`;
        errors.push(new RuleError(file.source, id, field, issue.message));
      }
      return;
    }
    specs.push(parsed.data);
  });
  return { specs, errors };
}

function compileRegex(source: string, pattern: string, id: string, field: string, extraFlags = ''): RegExp {
  try {
    const { source: js, flags } = toJsRegex(pattern);
    return new RegExp(js, [...new Set(flags + extraFlags)].join(''));
  } catch (e) {
    throw new RuleError(source, id, field, `invalid regex (${regexSyntaxProblem(e)})`);
  }
}

function defaultReason(kind: Kind, title: string, provider: string | undefined): string {
  // Without a provider there is no account to name (a custom rule often has none).
  const account = provider ? `your ${provider} account` : 'an account';
  return kind === 'secret'
    ? `${title} grants access to ${account}: revoke it and load it from the environment`
    : `${title} is meant to ship in client code; it identifies ${account} but grants no secret access`;
}

/** Turns a validated spec into a runnable rule (with its regex's span when known). Throws RuleError naming the field. */
export function compileRule(spec: RuleSpec, source: string, span?: RegexSpan): CompiledRule {
  const id = spec.id;
  const regex = compileRegex(source, spec.regex, id, 'regex', 'gd');
  const groups = captureGroupCount(regex);
  const secretGroup = spec.secretGroup ?? (groups > 0 ? 1 : 0);
  if (secretGroup > groups) throw new RuleError(source, id, 'secretGroup', `is ${secretGroup} but the regex has ${groups} capture group(s)`);
  if (spec.validate && !isKnownValidator(spec.validate)) throw new RuleError(source, id, 'validate', `unknown validator "${spec.validate}"`);
  if (spec.anchor !== undefined) {
    try {
      parseAnchor(spec.anchor);
    } catch (e) {
      throw new RuleError(source, id, 'anchor', (e as Error).message);
    }
  }
  const keywords = [...new Set(spec.keywords.map((k) => k.toLowerCase()))];
  const provider = spec.provider ?? id;
  const title = spec.title ?? spec.description ?? id;
  const lists = [...(spec.allowlist ? [spec.allowlist] : []), ...(spec.allowlists ?? [])];
  const when: ClassifyWhen[] = spec.when.map((w, i) => {
    const f = (k: string) => `when[${i}].${k}`;
    return {
      kind: w.kind,
      severity: w.severity as Severity | undefined,
      reason: w.reason,
      name: w.name === undefined ? undefined : compileRegex(source, w.name, id, f('name')),
      context: w.context === undefined ? undefined : compileRegex(source, w.context, id, f('context')),
      line: w.line === undefined ? undefined : compileRegex(source, w.line, id, f('line')),
      path: w.path === undefined ? undefined : compileRegex(source, w.path, id, f('path')),
      claims: w.claims,
    };
  });
  return {
    id,
    provider,
    title,
    kind: spec.kind,
    severity: (spec.severity as Severity | undefined) ?? defaultSeverity(spec.kind),
    regex,
    secretGroup,
    keywords,
    anchor: spec.anchor,
    entropy: spec.entropy,
    relativeEntropy: spec.relativeEntropy,
    validate: spec.validate,
    path: spec.path === undefined ? undefined : compileRegex(source, spec.path, id, 'path'),
    docs: spec.docs,
    reason: spec.reason ?? defaultReason(spec.kind, title, spec.provider),
    generic: spec.generic,
    confidence: spec.confidence,
    weakConfidence: spec.weakConfidence,
    allowlist: {
      regexes: lists.flatMap((l, i) => l.regexes.map((r, j) => compileRegex(source, r, id, `allowlist[${i}].regexes[${j}]`))),
      stopwords: lists.flatMap((l) => l.stopwords.map((s) => s.toLowerCase())),
      paths: lists.flatMap((l, i) => l.paths.map((r, j) => compileRegex(source, r, id, `allowlist[${i}].paths[${j}]`))),
    },
    when,
    source,
    span,
  };
}

export interface RuleSet {
  rules: CompiledRule[];
  specs: Map<string, RuleSpec>;
}

/** A validated rule spec and the file it came from. */
export interface SourcedSpec {
  spec: RuleSpec;
  source: string;
  /** The regex's span, worked out at build time for the built-in rules' snapshot. */
  span?: RegexSpan;
}

/** Compiles validated specs, adding every problem (duplicate ids included) to `errors`. */
function compileInto(entries: readonly SourcedSpec[], errors: RuleError[]): RuleSet {
  const rules: CompiledRule[] = [];
  const specs = new Map<string, RuleSpec>();
  const seen = new Map<string, string>();
  for (const { spec, source, span } of entries) {
    const prior = seen.get(spec.id);
    if (prior) {
      errors.push(new RuleError(source, spec.id, 'id', `duplicate rule id (also in ${prior})`));
      continue;
    }
    seen.set(spec.id, source);
    try {
      rules.push(compileRule(spec, source, span));
      specs.set(spec.id, spec);
    } catch (e) {
      if (e instanceof RuleError) errors.push(e);
      else throw e;
    }
  }
  return { rules, specs };
}

/** Compiles specs validated earlier (the built-in rule snapshot); throws RuleErrors listing every problem. */
export function compileSpecs(entries: readonly SourcedSpec[]): RuleSet {
  const errors: RuleError[] = [];
  const set = compileInto(entries, errors);
  if (errors.length) throw new RuleErrors(errors);
  return set;
}

/** Validates rule files against the schema: the specs, and every problem found. */
export function validateRuleFiles(files: readonly ParsedRuleFile[]): { entries: SourcedSpec[]; errors: RuleError[] } {
  const errors: RuleError[] = [];
  const entries: SourcedSpec[] = [];
  for (const file of files) {
    const { specs, errors: fileErrors } = readRuleSpecs(file);
    errors.push(...fileErrors);
    entries.push(...specs.map((spec) => ({ spec, source: file.source })));
  }
  return { entries, errors };
}

/** Validates and compiles several rule files; throws RuleErrors listing every problem, including duplicate ids. */
export function compileRuleFiles(files: readonly ParsedRuleFile[]): RuleSet {
  const { entries, errors } = validateRuleFiles(files);
  const set = compileInto(entries, errors);
  if (errors.length) throw new RuleErrors(errors);
  return set;
}
