import type { SourceCode } from 'eslint';

/** The parts of an ESTree / typescript-estree / JSX node this plugin reads. */
export interface AstNode {
  type: string;
  range: [number, number];
  parent?: AstNode | null;
  [key: string]: unknown;
}

/** Where in the code a secret sits, which decides whether it is reported and how it is fixed. */
export type Holder =
  /** A string literal, in code or as a JSX attribute value; the secret lies between its quotes. */
  | { type: 'string'; node: AstNode; jsxAttribute: boolean }
  /** One quasi of a template literal. */
  | { type: 'template'; node: AstNode }
  /** Text between JSX tags, which renders into the page. */
  | { type: 'jsx-text'; node: AstNode }
  /** A run of string literals joined with `+`; `node` is set when the run is the whole expression. */
  | { type: 'concatenation'; node?: AstNode; wholeValue: boolean }
  | { type: 'comment' };

const inside = (range: readonly [number, number], start: number, end: number) => range[0] <= start && end <= range[1];

/**
 * The string-like node or comment holding [start, end) of the source text, or undefined
 * when the span is code (an identifier, a regex, a number): only string contents and,
 * when asked, comments can hold a hardcoded secret.
 */
export function holderAt(sourceCode: SourceCode, start: number, end: number): Holder | undefined {
  if (sourceCode.getAllComments().some((c) => c.range && inside(c.range, start, end))) return { type: 'comment' };
  const node = sourceCode.getNodeByRangeIndex(start) as AstNode | null;
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string' && inside([node.range[0] + 1, node.range[1] - 1], start, end)) {
    return { type: 'string', node, jsxAttribute: node.parent?.type === 'JSXAttribute' };
  }
  if (node.type === 'TemplateElement' && inside(node.range, start, end)) return { type: 'template', node };
  if (node.type === 'JSXText' && inside(node.range, start, end)) return { type: 'jsx-text', node };
  return undefined;
}
