import { lazyPicomatch } from '../engine/lazy-picomatch.js';
import type { CompiledRule, RuleSpec } from '../engine/index.js';

/** Whether a selector (`id`, `id-glob-*`, `provider:NAME`, `tag:NAME`) names a rule. */
export function selects(selector: string, rule: CompiledRule, spec: RuleSpec | undefined): boolean {
  const [, kind, value] = /^(provider|tag):(.*)$/i.exec(selector) ?? [];
  if (kind?.toLowerCase() === 'provider') return rule.provider.toLowerCase() === value!.trim().toLowerCase();
  if (kind?.toLowerCase() === 'tag') return (spec?.tags ?? []).some((t) => t.toLowerCase() === value!.trim().toLowerCase());
  return lazyPicomatch().isMatch(rule.id, selector);
}

export interface RuleSelection {
  enable?: string[];
  disable: string[];
}

/**
 * The rules a scan runs: built-ins narrowed by `enable` and minus `disable`, then the
 * custom rules (a custom rule with a built-in's id replaces it). Also returns the
 * selectors that matched nothing, which are almost always typos.
 */
export function selectRules(
  builtin: { rules: readonly CompiledRule[]; specs: ReadonlyMap<string, RuleSpec> },
  custom: { rules: readonly CompiledRule[]; specs: readonly RuleSpec[] },
  selection: RuleSelection,
): { rules: CompiledRule[]; unmatched: { key: 'enable' | 'disable'; index: number; selector: string }[] } {
  const customSpecs = new Map(custom.specs.map((s) => [s.id, s]));
  const specOf = (r: CompiledRule) => customSpecs.get(r.id) ?? builtin.specs.get(r.id);
  const all = [...builtin.rules, ...custom.rules];
  const unmatched: { key: 'enable' | 'disable'; index: number; selector: string }[] = [];
  for (const key of ['enable', 'disable'] as const) {
    (selection[key] ?? []).forEach((selector, index) => {
      if (!all.some((r) => selects(selector, r, specOf(r)))) unmatched.push({ key, index, selector });
    });
  }
  const customIds = new Set(custom.rules.map((r) => r.id));
  const enabled = (r: CompiledRule) => !selection.enable || selection.enable.some((s) => selects(s, r, specOf(r)));
  const disabled = (r: CompiledRule) => selection.disable.some((s) => selects(s, r, specOf(r)));
  const rules = [...builtin.rules.filter((r) => !customIds.has(r.id) && enabled(r)), ...custom.rules].filter((r) => !disabled(r));
  return { rules, unmatched };
}
