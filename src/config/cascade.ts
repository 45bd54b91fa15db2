import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Chunk, CompiledRule, Finding, RuleSpec } from '../engine/index.js';
import { loadBuiltinRules } from '../rules/load-rules.js';
import { selectRules, type RuleSelection } from '../rules/select-rules.js';
import { allowlistMatcher } from './allowlist.js';
import { CONFIG_FILE, loadConfig, type KeylintConfig } from './load-config.js';
import { rulesForConfig } from './rules-for-config.js';
import { pathFilter } from '../sources/path-filter.js';

/**
 * Configuration that cascades by folder, as ESLint's does: a `.keylint.toml` in a subfolder
 * applies to that subtree, over the configs of the folders above it, up to the scan's own
 * config; one with `root = true` ignores everything above it.
 *
 * Merging, from the outermost config inward: `enable` (when a config sets it) replaces the
 * list above it; `disable`, custom rules, issued-key prefixes, allowlists and `[files]
 * exclude` add up (each config's paths relative to its own folder). `failOn`, `baseline`
 * and `[files] include`/`maxFileSize` belong to the whole run and come from the scan's config.
 */
export class ConfigCascade {
  /** Nested configs, deepest folders first: the first that holds a folder is its innermost. */
  private readonly nested: KeylintConfig[];
  private readonly chains = new Map<string, Chain>();

  private constructor(
    readonly top: KeylintConfig,
    nested: readonly KeylintConfig[],
    private readonly root: string,
  ) {
    this.nested = [...nested].sort((a, b) => b.dir.length - a.dir.length);
  }

  /** Loads the nested configs at `paths` (absolute `.keylint.toml` paths below the scan's root); errors name each file. */
  static load(top: KeylintConfig, paths: readonly string[], root: string, label: (path: string) => string = (p) => p): ConfigCascade {
    const nested = paths.filter((p) => resolve(p) !== top.path).map((p) => loadConfig(p, label(p)));
    // Each file's own selectors are checked against its own label (a typo names its file).
    for (const config of nested) rulesForConfig(config);
    return new ConfigCascade(top, nested, root);
  }

  /** Whether any folder below the scan's root has its own config. */
  get isFlat(): boolean {
    return this.nested.length === 0;
  }

  /** Every rule some folder may run: the scanner runs these, and each finding is then judged by its folder's chain. */
  allRules(): CompiledRule[] {
    const byId = new Map<string, CompiledRule>();
    // Outermost chains first: of two folders' custom rules with one id, the outer one runs.
    for (const chain of [this.chainOf(this.root), ...[...this.nested].reverse().map((c) => this.chainOf(c.dir))])
      for (const r of chain.rules) if (!byId.has(r.id)) byId.set(r.id, r);
    return [...byId.values()];
  }

  /** Whether a finding stands under the configs of its folder: its rule runs there, and no exclude or allowlist there silences it. */
  keeps(finding: Finding, chunk: Chunk): boolean {
    const chain = this.chainOf(this.folderOf(finding.file));
    return chain.ruleIds.has(finding.ruleId) && !chain.excluded(finding.file) && !chain.allowed(finding, chunk);
  }

  /** Whether a folder's `[files] exclude` keeps a file (relative to the root) out of the scan. */
  skips(file: string): boolean {
    return this.chainOf(this.folderOf(file)).excluded(file);
  }

  /** The merged view of the configs that apply in a folder (absolute), for `keylint config print`. */
  describe(folder: string): { files: string[]; enable?: string[]; disable: string[]; rules: string[]; customRules: string[] } {
    const chain = this.chainOf(resolve(folder));
    const merged = mergeForRules(chain.configs);
    return {
      files: chain.configs.map((c) => c.label),
      ...(merged.enable && { enable: merged.enable }),
      disable: merged.disable,
      rules: chain.rules.map((r) => r.id),
      customRules: merged.rules.map((r) => r.id),
    };
  }

  /** The absolute folder a reported path sits in. */
  private folderOf(file: string): string {
    return file.startsWith('<') ? this.root : dirname(resolve(this.root, file));
  }

  private chainOf(folder: string): Chain {
    const holder = this.nested.find((c) => inside(folder, c.dir));
    const key = holder?.dir ?? this.root;
    let chain = this.chains.get(key);
    if (!chain) {
      chain = this.buildChain(holder);
      this.chains.set(key, chain);
    }
    return chain;
  }

  private buildChain(innermost: KeylintConfig | undefined): Chain {
    const configs: KeylintConfig[] = [];
    for (let c = innermost; c; c = this.parentOf(c)) {
      configs.unshift(c);
      if (c.root) break;
    }
    if (!configs[0]?.root) configs.unshift(this.top);
    // Selectors were checked file by file when loaded; the merged view only selects.
    const rules = selectRules(loadBuiltinRules(), ...selectionOf(mergeForRules(configs))).rules;
    const allowed = configs.map((c) => allowlistMatcher(c, this.root));
    const excludes = configs.filter((c) => c.files.exclude.length).map((c) => ({ config: c, test: pathFilter(undefined, c.files.exclude) }));
    return {
      configs,
      rules,
      ruleIds: new Set(rules.map((r) => r.id)),
      allowed: (f, chunk) => allowed.some((a) => a(f, chunk)),
      excluded: (file) => excludes.some(({ config, test }) => !test(posixRelative(config.dir, resolve(this.root, file)))),
    };
  }

  private parentOf(config: KeylintConfig): KeylintConfig | undefined {
    return this.nested.find((c) => c !== config && inside(config.dir, c.dir) && c.dir !== config.dir);
  }
}

interface Chain {
  configs: KeylintConfig[];
  rules: CompiledRule[];
  ruleIds: ReadonlySet<string>;
  allowed: (finding: Finding, chunk: Chunk) => boolean;
  excluded: (file: string) => boolean;
}

/** What rule selection reads of a chain: the innermost `enable` that is set, every `disable`, every custom rule (inner ones win an id). */
function mergeForRules(configs: readonly KeylintConfig[]): Pick<KeylintConfig, 'enable' | 'disable' | 'rules' | 'specs'> {
  const custom = new Map<string, CompiledRule>();
  const specs = new Map<string, RuleSpec>();
  for (const c of configs) {
    for (const r of c.rules) custom.set(r.id, r);
    for (const spec of c.specs) specs.set(spec.id, spec);
  }
  const enable = [...configs].reverse().find((c) => c.enable)?.enable;
  return { enable, disable: [...new Set(configs.flatMap((c) => c.disable))], rules: [...custom.values()], specs: [...specs.values()] };
}

function selectionOf(merged: ReturnType<typeof mergeForRules>): [custom: { rules: CompiledRule[]; specs: RuleSpec[] }, selection: RuleSelection] {
  return [
    { rules: merged.rules, specs: merged.specs },
    { enable: merged.enable, disable: merged.disable },
  ];
}

/** Whether `folder` is `dir` or below it. */
function inside(folder: string, dir: string): boolean {
  const rel = relative(dir, folder);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
}

function posixRelative(from: string, to: string): string {
  const rel = relative(from, to);
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** The nested config files among listed files (absolute paths), the scan's own config left out. */
export function nestedConfigFiles(files: readonly string[], top: KeylintConfig): string[] {
  return files.filter((f) => f.endsWith(`${sep}${CONFIG_FILE}`) && resolve(f) !== top.path);
}

/** The `.keylint.toml` files in `dir` and the folders above it up to `root` (inclusive), outermost first. */
export function configFilesBetween(root: string, dir: string, hasConfig: (dir: string) => boolean = (d) => existsSync(join(d, CONFIG_FILE))): string[] {
  const out: string[] = [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (hasConfig(d)) out.unshift(join(d, CONFIG_FILE));
    if (d === resolve(root) || dirname(d) === d || !inside(d, root)) break;
  }
  return out;
}
