// A minimal stand-in for src/config's inline-ignore parsing, limited to what the editor
// needs: the same directives the CLI honors, on the finding's line or the line above.
// Other scanners' markers are honored so teams can switch without touching code.
const SAME_LINE = /keylint:allow(?!-next-line)\b|gitleaks:allow|pragma:\s*allowlist\s+secret|secretlint-disable-line|trufflehog:ignore/;
const NEXT_LINE = /keylint:allow-next-line\b|pragma:\s*allowlist\s+nextline\s+secret|secretlint-disable-next-line/;

/** Whether an inline directive silences a finding starting on `line` (1-based) of `lines`. */
export function inlineIgnored(lines: readonly string[], line: number): boolean {
  const here = lines[line - 1] ?? '';
  if (SAME_LINE.test(here)) return true;
  const above = lines[line - 2];
  return above !== undefined && NEXT_LINE.test(above);
}
