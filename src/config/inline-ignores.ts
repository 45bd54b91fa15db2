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

const lineCache = new WeakMap<Chunk, string[]>();

function linesOf(chunk: Chunk): string[] {
  let lines = lineCache.get(chunk);
  if (!lines) lineCache.set(chunk, (lines = chunk.text.split('\n')));
  return lines;
}

function directive(text: string, pattern: RegExp, line: number): InlineIgnore | undefined {
  const m = pattern.exec(text);
  if (!m) return undefined;
  const reason = m[0].startsWith('keylint') ? REASON.exec(text.slice(m.index))?.[1]?.trim() : undefined;
  return { directive: m[0], reason: reason || undefined, line };
}

/**
 * The directive that silences a finding: `keylint:allow` (or another tool's marker) on
 * any line the finding spans, or `keylint:allow-next-line` on the line above it.
 */
export function inlineIgnoreFor(finding: Pick<Finding, 'line' | 'endLine'>, chunk: Chunk): InlineIgnore | undefined {
  const lines = linesOf(chunk);
  for (let n = finding.line; n <= Math.max(finding.line, finding.endLine); n++) {
    const hit = directive(lines[n - 1] ?? '', SAME_LINE, n);
    if (hit) return hit;
  }
  return finding.line > 1 ? directive(lines[finding.line - 2] ?? '', NEXT_LINE, finding.line - 1) : undefined;
}
