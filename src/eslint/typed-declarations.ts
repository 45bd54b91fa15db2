import { LineIndex } from '../engine/line-index.js';
import type { Finding, Scanner } from '../engine/index.js';
import { holderName } from './env-name.js';
import type { AstNode, Holder } from './locate.js';

/** A string literal whose name the AST knows but the text hides behind a type annotation. */
export interface TypedLiteral {
  node: AstNode;
  name: string;
  /** Where the name starts: the text from here to the literal is rewritten as `name = `. */
  nameStart: number;
}

const typeAnnotation = (n: AstNode | undefined | null) => Boolean(n && (n as { typeAnnotation?: unknown }).typeAnnotation);

/**
 * The literal's declaration when a type annotation sits between its name and its value:
 * `const k: string = "…"`, `readonly apiSecret: string = '…'`, `function f(token: string = "…")`.
 * Regexes over the text read `string` as the name there; the AST knows better.
 */
export function typedLiteral(node: AstNode): TypedLiteral | undefined {
  if (node.type !== 'Literal' || typeof node.value !== 'string') return undefined;
  const parent = node.parent;
  const name = holderName(node);
  if (!parent || !name) return undefined;
  let named: AstNode | undefined;
  if (parent.type === 'VariableDeclarator' && typeAnnotation(parent.id as AstNode)) named = parent.id as AstNode;
  else if (parent.type === 'AssignmentPattern' && typeAnnotation(parent.left as AstNode)) named = parent.left as AstNode;
  else if (parent.type === 'PropertyDefinition' && typeAnnotation(parent)) named = parent.key as AstNode;
  if (!named) return undefined;
  return { node, name, nameStart: named.range[0] };
}

/**
 * Findings in typed declarations: the file is rescanned with each declaration's
 * annotation removed (`k: string = "…"` read as `k = "…"`), so the engine names and
 * classifies the value with the file's full context; positions map back to the source.
 */
export function typedLiteralFindings(
  typed: TypedLiteral[],
  text: string,
  path: string,
  scanner: Scanner,
  known: Finding[],
): { finding: Finding; holder: Holder }[] {
  const inside = (f: { start: number; end: number }, n: AstNode) => n.range[0] < f.start && f.end < n.range[1];
  const lines = new LineIndex(text);
  const out: { finding: Finding; holder: Holder }[] = [];
  for (const t of typed) {
    if (known.some((f) => inside(f, t.node))) continue;
    const head = `${t.name} = `;
    const literalStart = t.node.range[0];
    // A one-line probe first: most typed strings are not secrets, and a full rescan costs more.
    const probe = scanner.scan({ path, text: `${head}${text.slice(literalStart, t.node.range[1])}` });
    if (probe.length === 0) continue;
    const rewritten = text.slice(0, t.nameStart) + head + text.slice(literalStart);
    const shift = literalStart - t.nameStart - head.length;
    for (const f of scanner.scan({ path, text: rewritten })) {
      const start = f.start + shift;
      const end = f.end + shift;
      if (!inside({ start, end }, t.node)) continue;
      const from = lines.position(start);
      const to = lines.position(end);
      Object.assign(f, { start, end, line: from.line, column: from.column, endLine: to.line, endColumn: to.column });
      out.push({ finding: f, holder: { type: 'string', node: t.node, jsxAttribute: false } });
    }
  }
  return out;
}
