import type { Chunk, Finding } from '../engine/index.js';

// Other scanners' markers are honored so a team can switch tools without touching code.
const SAME_LINE = /keylint:allow(?!-next-line)\b|gitleaks:allow|pragma:\s*allowlist\s+secret|secretlint-disable-line|trufflehog:ignore/;
const NEXT_LINE = /keylint:allow-next-line\b|pragma:\s*allowlist\s+nextline\s+secret|secretlint-disable-next-line/;
const REASON = /keylint:allow(?:-next-line)?\b[\s:]*(?:--\s*)?([^\n]*?)\s*(?:\*\/|-->|#\}|%>)?\s*$/;

/** An inline directive that silences a finding, with the reason written after it (if any). */
export interface InlineIgnore {
  directive: string;
  reason?: string;
  /** 1-based line the directive is on. */
  line: number;
}

function directive(text: string, pattern: RegExp, line: number): InlineIgnore | undefined {
  const m = pattern.exec(text);
  if (!m) return undefined;
  const reason = m[0].startsWith('keylint') ? REASON.exec(text.slice(m.index))?.[1]?.trim() : undefined;
  return { directive: m[0], reason: reason || undefined, line };
}

/**
 * The directive that silences a finding: `keylint:allow` (or another tool's marker) on
 * any line the finding spans, or `keylint:allow-next-line` on the line above it. Only
 * those lines are read (found from the finding's offsets), not the whole text split up.
 */
export function inlineIgnoreFor(finding: Pick<Finding, 'line' | 'endLine' | 'start'>, chunk: Chunk): InlineIgnore | undefined {
  const { text } = chunk;
  const first = lineStartBefore(text, finding.start);
  let from = first;
  for (let n = finding.line; n <= Math.max(finding.line, finding.endLine) && from <= text.length; n++) {
    const to = lineEnd(text, from);
    const hit = directive(text.slice(from, to), SAME_LINE, n);
    if (hit) return hit;
    from = to + 1;
  }
  if (finding.line <= 1 || first === 0) return undefined;
  const above = lineStartBefore(text, first - 1);
  return directive(text.slice(above, first - 1), NEXT_LINE, finding.line - 1);
}

/** Where the line holding `offset` starts. */
function lineStartBefore(text: string, offset: number): number {
  // lastIndexOf with a negative position still looks at index 0: the first line needs its own case.
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/** Where the line starting at `from` ends (its newline, or the end of the text). */
function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}
