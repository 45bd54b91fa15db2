import { RuleError, type RuleSpec } from '../engine/index.js';

/**
 * Named regex fragments that rule files share, so a rule says only what is special about
 * its provider. A rule writes `(?&name)` (PCRE's "call the named pattern" syntax) and the
 * loader pastes the fragment in before the regex is compiled. `(?&` is a syntax error in
 * both JavaScript and RE2/Go, so no valid regex (a gitleaks rule included) can mean
 * anything else by it; inside a character class or after a backslash it stays literal.
 *
 * A fragment holds no capture group (group numbers, and so `secretGroup`, stay as
 * written) and no top-level `|`; a quantifier right after a reference applies to the
 * whole fragment. Changing a fragment changes every rule that uses it: the rule examples
 * are the proof.
 */
export const FRAGMENTS: Readonly<Record<string, { pattern: string; doc: string }>> = {
  assign: {
    pattern: `["'\`]?\\s*(?::=|=>|=|:)\\s*["'\`]?`,
    doc: 'between a key name and its value: an optional closing quote, then `=`, `:`, `:=` or `=>`, then an optional opening quote',
  },
  end_alnum: {
    pattern: '(?![A-Za-z0-9])',
    doc: 'the token ends here: no ASCII letter or digit follows (a longer run is another token)',
  },
  end_b64url: {
    pattern: '(?![A-Za-z0-9_-])',
    doc: 'the token ends here: no base64url character (letter, digit, `_`, `-`) follows',
  },
};

const REFERENCE = /^\(\?&([A-Za-z_][A-Za-z0-9_]*)\)/;

/** A regex source with every `(?&name)` replaced by its fragment; throws naming an unknown or malformed reference. */
export function expandFragments(pattern: string): string {
  if (!pattern.includes('(?&')) return pattern;
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      out += pattern.slice(i, i + 2);
      i++;
      continue;
    }
    if (inClass) {
      // JavaScript semantics (the regex runs as a RegExp): `]` closes a class even first.
      if (c === ']') inClass = false;
    } else if (c === '[') inClass = true;
    else if (pattern.startsWith('(?&', i)) {
      const ref = REFERENCE.exec(pattern.slice(i));
      if (!ref) throw new Error(`malformed fragment reference at "${pattern.slice(i, i + 20)}" (write (?&name))`);
      const fragment = FRAGMENTS[ref[1]!];
      if (!fragment || !Object.hasOwn(FRAGMENTS, ref[1]!)) {
        throw new Error(`unknown fragment "${ref[0]}" (known: ${Object.keys(FRAGMENTS).join(', ')})`);
      }
      i += ref[0].length - 1;
      // A quantifier after the reference must repeat the whole fragment, not its last atom.
      const quantified = /^[*+?]|^\{\d+(?:,\d*)?\}/.test(pattern.slice(i + 1));
      out += quantified ? `(?:${fragment.pattern})` : fragment.pattern;
      continue;
    }
    out += c;
  }
  return out;
}

/**
 * A rule spec with fragments expanded in every regex it holds (regex, path, allowlists,
 * `when` conditions). Throws a RuleError naming the rule and the field.
 */
export function expandSpecFragments(spec: RuleSpec, source: string): RuleSpec {
  const at = (field: string, pattern: string): string => {
    try {
      return expandFragments(pattern);
    } catch (e) {
      throw new RuleError(source, spec.id, field, (e as Error).message);
    }
  };
  const list = (field: string, l: NonNullable<RuleSpec['allowlist']>) => ({
    ...l,
    regexes: l.regexes.map((r, j) => at(`${field}.regexes[${j}]`, r)),
    paths: l.paths.map((r, j) => at(`${field}.paths[${j}]`, r)),
  });
  const expanded: RuleSpec = {
    ...spec,
    regex: at('regex', spec.regex),
    when: spec.when.map((w, i) => {
      const out = { ...w };
      for (const key of ['name', 'context', 'line', 'path'] as const) if (w[key] !== undefined) out[key] = at(`when[${i}].${key}`, w[key]);
      return out;
    }),
  };
  // Keep absent fields absent: the snapshot and comparisons see the spec as written.
  if (spec.path !== undefined) expanded.path = at('path', spec.path);
  if (spec.allowlist) expanded.allowlist = list('allowlist', spec.allowlist);
  if (spec.allowlists) expanded.allowlists = spec.allowlists.map((l, i) => list(`allowlists[${i}]`, l));
  return expanded;
}
