import { parse as parseToml } from 'smol-toml';
import { regexSyntaxProblem, toJsRegex } from '../engine/index.js';
import { runtimeRegex } from '../rules/linear-regex.js';
import { loadBuiltinRules } from '../rules/load-rules.js';
import { catastrophicBacktracking, polynomialBacktracking } from '../rules/regex-safety.js';

/** A gitleaks rule or allowlist entry that could not be carried over, and why. */
export interface Skipped {
  where: string;
  reason: string;
}

export interface GitleaksImport {
  /** The equivalent `.keylint.toml`. */
  toml: string;
  imported: number;
  skipped: Skipped[];
}

// Go (RE2) syntax toJsRegex does not rewrite and JavaScript would misread or reject.
const GO_ONLY: [RegExp, string][] = [
  [/\\Q/, '\\Q...\\E literal quoting has no JavaScript equivalent'],
  [/\\C/, '\\C (any byte) has no JavaScript equivalent'],
  [/\\p[A-Za-z]/, 'one-letter Unicode classes such as \\pL must be written \\p{L}'],
  [/\\P[A-Za-z]/, 'one-letter Unicode classes such as \\PL must be written \\P{L}'],
  [/\\x\{/, '\\x{...} code points have no JavaScript equivalent outside Unicode mode'],
];

/** Converts a Go regex to JavaScript, or explains why it cannot be. */
function convertRegex(pattern: string): { ok: true; source: string } | { ok: false; reason: string } {
  for (const [re, reason] of GO_ONLY) if (re.test(pattern)) return { ok: false, reason };
  try {
    const js = toJsRegex(pattern);
    new RegExp(js.source, js.flags);
    // The same checks loading the config applies: an imported rule must load and must not stall a scan.
    const linear = runtimeRegex(new RegExp(js.source, js.flags)).engine === 're2';
    const risk = catastrophicBacktracking(js.source, js.flags) ?? (linear ? undefined : polynomialBacktracking(js.source, js.flags));
    if (risk) return { ok: false, reason: risk };
    // Keep the leading flags as gitleaks wrote them: keylint reads (?i) the same way.
    const lead = /^\(\?[ims]+\)/.exec(pattern)?.[0] ?? '';
    return { ok: true, source: lead + js.source };
  } catch (e) {
    return { ok: false, reason: regexSyntaxProblem(e) };
  }
}

/** A TOML string: literal quotes when possible (regexes stay readable), else a basic string. */
function str(s: string): string {
  if (!/['\n\r]/.test(s) && !/[\x00-\x1f\x7f]/.test(s)) return `'${s}'`;
  if (!s.includes("'''") && !/[\x00-\x08\x0b-\x1f\x7f]/.test(s) && !s.endsWith("'")) return `'''${s}'''`;
  return JSON.stringify(s);
}
const arr = (xs: readonly string[]) => `[${xs.map(str).join(', ')}]`;

interface GitleaksAllowlist {
  description?: string;
  condition?: string;
  commits?: string[];
  paths?: string[];
  regexTarget?: string;
  regexes?: string[];
  stopwords?: string[];
  targetRules?: string[];
}

interface GitleaksRule {
  id?: string;
  description?: string;
  regex?: string;
  secretGroup?: number;
  entropy?: number;
  keywords?: string[];
  path?: string;
  tags?: string[];
  allowlist?: GitleaksAllowlist;
  allowlists?: GitleaksAllowlist[];
}

/** Reads a gitleaks config (TOML text) and writes the equivalent `.keylint.toml`, listing what cannot be carried over. */
export function importGitleaks(
  text: string,
  source = 'gitleaks.toml',
  builtinIds: ReadonlySet<string> = new Set(loadBuiltinRules().rules.map((r) => r.id)),
): GitleaksImport {
  const data = parseToml(text) as {
    title?: string;
    extend?: { useDefault?: boolean; path?: string };
    rules?: GitleaksRule[];
    allowlist?: GitleaksAllowlist;
    allowlists?: GitleaksAllowlist[];
  };
  const skipped: Skipped[] = [];
  const out: string[] = [`# Imported from ${source} by keylint config import.`];
  if (data.title) out.push(`# gitleaks title: ${data.title}`);
  if (data.extend?.useDefault) out.push("# [extend] useDefault: keylint's built-in rules are on by default.");
  if (data.extend?.path) skipped.push({ where: 'extend.path', reason: `import ${data.extend.path} separately and merge it` });

  // Global allowlists: gitleaks' path entries are regexes, so they become pathRegexes.
  const globals = [...(data.allowlist ? [data.allowlist] : []), ...(data.allowlists ?? [])];
  const paths: string[] = [];
  const regexes: string[] = [];
  const stopwords: string[] = [];
  globals.forEach((a, i) => {
    const where = data.allowlist && i === 0 ? 'allowlist' : `allowlists[${data.allowlist ? i - 1 : i}]`;
    if (a.targetRules?.length) skipped.push({ where: `${where}.targetRules`, reason: 'a global allowlist limited to some rules: move it into those rules' });
    if (a.commits?.length) skipped.push({ where: `${where}.commits`, reason: 'commit allowlists do not apply: use a baseline (keylint baseline create)' });
    if (a.regexTarget && a.regexTarget !== 'secret')
      skipped.push({ where: `${where}.regexTarget`, reason: `"${a.regexTarget}": keylint's global regexes test the secret` });
    for (const [list, into, what] of [
      [a.paths ?? [], paths, 'paths'],
      [a.regexes ?? [], regexes, 'regexes'],
    ] as const) {
      list.forEach((p, j) => {
        const c = convertRegex(p);
        if (c.ok) into.push(c.source);
        else skipped.push({ where: `${where}.${what}[${j}]`, reason: c.reason });
      });
    }
    stopwords.push(...(a.stopwords ?? []));
  });

  const rules: string[] = [];
  const taken = new Set<string>();
  (data.rules ?? []).forEach((r, i) => {
    const where = `rules[${i}]${r.id ? ` (${r.id})` : ''}`;
    if (!r.id) return skipped.push({ where, reason: 'no id' });
    // A custom rule with a built-in's id replaces it, losing its checks (a ghp_ token's checksum).
    if (builtinIds.has(r.id.toLowerCase())) {
      return skipped.push({
        where,
        reason: `keylint has a built-in rule "${r.id.toLowerCase()}" (with its own validation); rename the rule in the gitleaks file to import it beside the built-in`,
      });
    }
    if (!r.regex) return skipped.push({ where, reason: 'a path-only rule (reports file names): keylint rules match file content' });
    const regex = convertRegex(r.regex);
    if (!regex.ok) return skipped.push({ where: `${where}.regex`, reason: regex.reason });
    let path: string | undefined;
    if (r.path) {
      const p = convertRegex(r.path);
      if (!p.ok) return skipped.push({ where: `${where}.path`, reason: p.reason });
      path = p.source;
    }
    // Lower-casing can make two gitleaks ids one (Dup, dup): the later one gets a suffix.
    const base =
      r.id
        .toLowerCase()
        .replace(/[^a-z0-9._-]/g, '-')
        .replace(/^[^a-z0-9]+/, '') || 'rule';
    let id = base;
    for (let n = 2; taken.has(id) || builtinIds.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    const lines = ['[[rule]]', `id = ${str(id)}`];
    if (id !== r.id) lines.push(`# gitleaks id: ${r.id}`);
    if (r.description) lines.push(`title = ${str(r.description)}`);
    lines.push(`regex = ${str(regex.source)}`);
    if (r.secretGroup !== undefined) lines.push(`secretGroup = ${r.secretGroup}`);
    if (r.entropy !== undefined) lines.push(`entropy = ${r.entropy}`);
    if (r.keywords?.length) lines.push(`keywords = ${arr(r.keywords)}`);
    if (path) lines.push(`path = ${str(path)}`);
    if (r.tags?.length) lines.push(`tags = ${arr(r.tags)}`);
    const lists = [...(r.allowlist ? [r.allowlist] : []), ...(r.allowlists ?? [])];
    lists.forEach((a, k) => {
      const at = `${where}.allowlist${lists.length > 1 ? `s[${k}]` : ''}`;
      if (a.condition && a.condition.toUpperCase() === 'AND')
        skipped.push({ where: `${at}.condition`, reason: 'AND conditions are not supported: keylint allows a match when any entry matches' });
      if (a.commits?.length) skipped.push({ where: `${at}.commits`, reason: 'commit allowlists do not apply: use a baseline' });
      if (a.regexTarget === 'line') skipped.push({ where: `${at}.regexTarget`, reason: '"line": keylint tests the secret and the whole match' });
      const conv = (xs: string[] | undefined, what: string) =>
        (xs ?? []).flatMap((x, j) => {
          const c = convertRegex(x);
          if (c.ok) return [c.source];
          skipped.push({ where: `${at}.${what}[${j}]`, reason: c.reason });
          return [];
        });
      const body = [
        a.description && `description = ${str(a.description)}`,
        a.regexes?.length && `regexes = ${arr(conv(a.regexes, 'regexes'))}`,
        a.paths?.length && `paths = ${arr(conv(a.paths, 'paths'))}`,
        a.stopwords?.length && `stopwords = ${arr(a.stopwords)}`,
      ].filter(Boolean) as string[];
      if (body.length) lines.push('', '[[rule.allowlists]]', ...body);
    });
    rules.push(lines.join('\n'));
  });

  if (paths.length || regexes.length || stopwords.length) {
    out.push('', '[allowlist]');
    if (paths.length) out.push(`pathRegexes = ${arr(paths)}`);
    if (regexes.length) out.push(`regexes = ${arr(regexes)}`);
    if (stopwords.length) out.push(`stopwords = ${arr(stopwords)}`);
  }
  if (skipped.length) {
    out.push('', '# Not imported (JavaScript cannot express it, or keylint has no equivalent):');
    for (const s of skipped) out.push(`#   ${s.where}: ${s.reason}`);
  }
  for (const r of rules) out.push('', r);
  return { toml: out.join('\n') + '\n', imported: rules.length, skipped };
}
