import type { AstNode, Holder } from './locate.js';

// Raw string content re-used inside a template literal: its own backticks and `${` must not
// end the template or open an expression.
const escapeForTemplate = (raw: string) => raw.replace(/`/g, '\\`').replace(/\$\{/g, '\\${');

// Places where a string is syntax, not a value: a type, a module specifier, an object key,
// a directive. An expression there would not parse.
const NOT_A_VALUE = new Set([
  'TSLiteralType',
  'TSTemplateLiteralType',
  'TSExternalModuleReference',
  'TSModuleDeclaration',
  'TSEnumMember',
  'ImportDeclaration',
  'ExportNamedDeclaration',
  'ExportAllDeclaration',
  'ImportSpecifier',
  'ExportSpecifier',
  'ImportAttribute',
]);

function inValuePosition(node: AstNode): boolean {
  const target = node.type === 'TemplateElement' ? node.parent : node;
  const parent = target?.parent;
  if (!target || !parent) return false;
  if (NOT_A_VALUE.has(parent.type)) return false;
  if (parent.type === 'ExpressionStatement' && typeof parent.directive === 'string') return false;
  const isKey =
    (parent.type === 'Property' || parent.type === 'PropertyDefinition' || parent.type === 'MethodDefinition' || parent.type === 'TSPropertySignature') &&
    parent.key === target;
  return !isKey || parent.computed === true;
}

/**
 * The text that replaces the literal (or the secret inside it) so the value is read from
 * `process.env.NAME`, with the range it replaces; undefined when no safe rewrite exists.
 */
export function envReplacement(holder: Holder, text: string, start: number, end: number, name: string): { range: [number, number]; text: string } | undefined {
  const env = `process.env.${name}`;
  if (holder.type !== 'comment' && holder.node && !inValuePosition(holder.node)) return undefined;
  switch (holder.type) {
    case 'string': {
      const [from, to] = holder.node.range;
      const before = text.slice(from + 1, start);
      const after = text.slice(end, to - 1);
      if (!before && !after) return { range: [from, to], text: holder.jsxAttribute ? `{${env}}` : env };
      // JSX attribute strings have no escapes but may hold HTML entities: leave those alone.
      if (holder.jsxAttribute && /[&\\]/.test(before + after)) return undefined;
      const template = `\`${escapeForTemplate(before)}\${${env}}${escapeForTemplate(after)}\``;
      return { range: [from, to], text: holder.jsxAttribute ? `{${template}}` : template };
    }
    case 'template':
      return { range: [start, end], text: `\${${env}}` };
    case 'jsx-text':
      return { range: [start, end], text: `{${env}}` };
    case 'concatenation':
      return holder.node && holder.wholeValue ? { range: holder.node.range, text: env } : undefined;
    case 'comment':
      return undefined;
  }
}
