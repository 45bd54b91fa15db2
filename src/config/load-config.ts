import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseToml } from './toml.js';
import { compileRule, regexSyntaxProblem, RuleError, ruleSchemas, toJsRegex, type CompiledRule, type RuleSpec } from '../engine/index.js';
import { issuedKeyRule } from '../rules/issued-key-rule.js';
import { ConfigError, ConfigErrors } from './errors.js';
import { builtinRuleClaimingPrefix } from '../rules/issued-prefix-clash.js';
import { loadRe2, runtimeRegex } from '../rules/linear-regex.js';
import { lineOf } from './locate.js';
import { catastrophicBacktracking } from '../rules/regex-safety.js';
import { checkRule } from '../rules/check.js';
import { expandSpecFragments } from '../rules/fragments.js';
import { configSchema, type FailOn, type FailOnConfidence } from './schema.js';

/** The config file name looked for from the scan root upward. */
export const CONFIG_FILE = '.keylint.toml';

/** A loaded, validated config: everything compiled, nothing left to fail at scan time. */
export interface KeylintConfig {
  /** Absolute path of the file, or undefined when no config was found. */
  path?: string;
  /** The file as named in messages. */
  label: string;
  /** Folder that relative paths in the config are relative to. */
  dir: string;
  text: string;
  /** `root = true`: configs in folders above this one do not apply below it. */
  root?: boolean;
  enable?: string[];
  disable: string[];
  failOn?: FailOn;
  failOnConfidence?: FailOnConfidence;
  /** Custom rules and issued-key rules, compiled. */
  rules: CompiledRule[];
  specs: RuleSpec[];
  allowlist: { paths: string[]; pathRegexes: RegExp[]; regexes: RegExp[]; stopwords: string[]; fingerprints: string[] };
  files: { include?: string[]; exclude: string[]; maxFileSize?: string | number };
  /** Absolute path of the baseline named in the config. */
  baseline?: string;
  /** The [verify] table, when the config has one. */
  verify?: VerifyConfig;
}

/** `[verify]` in .keylint.toml: verification settings for runs from this folder. */
export interface VerifyConfig {
  enabled: boolean;
  onlyVerified: boolean;
  cacheTtl?: number;
  concurrency?: number;
  timeout?: number;
  endpoints: Record<string, string>;
}

/** An empty config rooted at `dir`: built-in rules, no allowlists. */
export function emptyConfig(dir: string): KeylintConfig {
  return {
    label: '(none)',
    dir,
    text: '',
    disable: [],
    rules: [],
    specs: [],
    allowlist: { paths: [], pathRegexes: [], regexes: [], stopwords: [], fingerprints: [] },
    files: { exclude: [] },
  };
}

/** The nearest `.keylint.toml` at or above `start`, or undefined. */
export function findConfig(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** Reads and validates a config file; throws ConfigErrors listing every problem. */
export function loadConfig(path: string, label = path): KeylintConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(label, undefined, 'file', `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseConfig(text, label, dirname(resolve(path)), resolve(path));
}

const fieldName = (path: readonly PropertyKey[]) =>
  path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)), '');

/** Validates config text (`label` names it in errors, `dir` anchors its relative paths). */
export function parseConfig(text: string, label: string, dir: string, path?: string): KeylintConfig {
  let data: unknown;
  try {
    data = parseToml(text);
  } catch (e) {
    const err = e as { line?: number; message: string };
    throw new ConfigErrors([new ConfigError(label, err.line, 'toml', `invalid TOML (${err.message.split('\n')[0]})`)]);
  }
  const errors: ConfigError[] = [];
  const fail = (where: PropertyKey[], problem: string) => errors.push(new ConfigError(label, lineOf(text, where), fieldName(where), problem));
  const parsed = configSchema().safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') for (const key of issue.keys) fail([...issue.path, key], 'unknown key');
      else fail(issue.path, issue.message);
    }
    throw new ConfigErrors(errors);
  }
  const c = parsed.data;

  const specs: RuleSpec[] = [];
  const rules: CompiledRule[] = [];
  const entries = [...c.rule.map((r, i) => ['rule', i, r] as const), ...c.rules.map((r, i) => ['rules', i, r] as const)];
  const seen = new Set<string>();
  for (const [table, i, raw] of entries) {
    const at = (...rest: PropertyKey[]) => [table, i, ...rest];
    const spec = ruleSchemas().ruleSpecSchema.safeParse(raw);
    if (!spec.success) {
      for (const issue of spec.error.issues) {
        if (issue.code === 'unrecognized_keys') for (const key of issue.keys) fail(at(...issue.path, key), 'unknown key');
        else fail(at(...issue.path), issue.message);
      }
      continue;
    }
    if (seen.has(spec.data.id)) {
      fail(at('id'), `duplicate rule id "${spec.data.id}"`);
      continue;
    }
    seen.add(spec.data.id);
    const rule = compileCustomRule(spec.data, label, (field, problem) => fail(at(...field), problem));
    if (!rule) continue;
    specs.push(spec.data);
    rules.push(rule);
  }
  for (const [i, prefix] of c.issuedKeyPrefixes.entries()) {
    const spec = issuedKeyRule(prefix);
    if (seen.has(spec.id)) fail(['issuedKeyPrefixes', i], `duplicate prefix "${prefix}"`);
    const claimedBy = builtinRuleClaimingPrefix(prefix);
    if (claimedBy) fail(['issuedKeyPrefixes', i], `"${prefix}_" keys would be reported as the built-in rule ${claimedBy}; choose another prefix`);
    seen.add(spec.id);
    specs.push(spec);
    rules.push(compileRule(spec, label));
  }

  const userRegex = (where: PropertyKey[], pattern: string, flags = ''): RegExp | undefined => {
    try {
      const js = toJsRegex(pattern);
      const risk = catastrophicBacktracking(js.source, js.flags);
      if (risk) return void fail(where, risk);
      return new RegExp(js.source, [...new Set(js.flags + flags)].join(''));
    } catch (e) {
      return void fail(where, `invalid regex (${regexSyntaxProblem(e)})`);
    }
  };
  const regexes = c.allowlist.regexes.map((r, i) => userRegex(['allowlist', 'regexes', i], r));
  // gitleaks writes [allowlist] paths as regexes; here they are globs, and a regex read as a
  // glob matches nothing: the allowlist would silently not apply.
  c.allowlist.paths.forEach((p, i) => {
    if (/^\^|\$$|\\[.dwsDWS/]|\(\?/.test(p))
      fail(['allowlist', 'paths', i], `${JSON.stringify(p)} looks like a regular expression, but allowlist.paths are globs: move it to allowlist.pathRegexes`);
  });
  const pathRegexes = c.allowlist.pathRegexes.map((r, i) => userRegex(['allowlist', 'pathRegexes', i], r));

  if (errors.length) throw new ConfigErrors(errors);
  return {
    path,
    label,
    dir,
    text,
    ...(c.root !== undefined && { root: c.root }),
    enable: c.enable,
    disable: c.disable,
    failOn: c.failOn,
    failOnConfidence: c.failOnConfidence,
    rules,
    specs,
    allowlist: {
      paths: c.allowlist.paths,
      pathRegexes: pathRegexes as RegExp[],
      regexes: regexes as RegExp[],
      stopwords: c.allowlist.stopwords.map((s) => s.toLowerCase()),
      fingerprints: c.allowlist.fingerprints,
    },
    files: c.files,
    baseline: c.baseline === undefined ? undefined : resolve(dir, c.baseline),
    ...(c.verify && { verify: c.verify }),
  };
}

/**
 * Compiles one custom rule: its regexes must be valid and pass the safety gate, and its
 * examples must prove it (secrets found, look-alikes not): the checker built-in rules pass.
 */
function compileCustomRule(spec: RuleSpec, label: string, fail: (field: PropertyKey[], problem: string) => void): CompiledRule | undefined {
  let rule: CompiledRule;
  let expanded: RuleSpec;
  try {
    expanded = expandSpecFragments(spec, label); // rules in a config may use (?&assign) too
    rule = compileRule(expanded, label);
  } catch (e) {
    if (!(e instanceof RuleError)) throw e;
    fail(e.field.split('.'), e.problem);
    return undefined;
  }
  // RE2 (when installed and able) runs the rule in time linear in the text: no input can hang a scan.
  const runtime = runtimeRegex(rule.regex);
  rule.regex = runtime.regex;
  const { problems } = checkRule(expanded, rule, { engine: runtime.engine === 're2' ? 're2' : 'v8' });
  for (const p of problems) {
    const slow = p.path[0] === 'regex' && p.problem.includes('polynomial time');
    // V8 would run it (on the watchdog thread, which stops a runaway match): rejecting it here says why up front.
    fail(
      p.path,
      slow
        ? `${p.problem}, and ${loadRe2() ? 'RE2 cannot run this pattern' : 'the optional re2 package (linear-time matching) is not installed'}: rewrite it (e.g. "\\w+\\w+" -> "\\w{2,}")`
        : p.problem,
    );
  }
  return problems.length ? undefined : rule;
}
