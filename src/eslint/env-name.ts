import type { AstNode } from './locate.js';

// Prefixes that make a bundler inline the variable into browser code: a secret moved to the
// environment must not keep them, or it ships to the browser all the same.
const BROWSER_PREFIX = /^(?:NEXT_PUBLIC_|VITE_|REACT_APP_|EXPO_PUBLIC_|NUXT_PUBLIC_|GATSBY_|VUE_APP_|PUBLIC_)(?=\w)/;

/** `apiKey` -> `API_KEY`, `x-api-key` -> `X_API_KEY`, `HTTPServerToken` -> `HTTP_SERVER_TOKEN`. */
export function screamingSnake(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  if (!words) return '';
  return /^[0-9]/.test(words) ? `_${words}` : words;
}

/** The environment variable a hardcoded secret should move to, named after what holds it. */
export function envName(holder: string | undefined, ruleId: string, kind: 'secret' | 'publishable'): string {
  const name = screamingSnake(holder ?? '') || screamingSnake(ruleId);
  return kind === 'secret' ? name.replace(BROWSER_PREFIX, '') : name;
}

function keyName(key: AstNode | undefined): string | undefined {
  if (!key) return undefined;
  if (key.type === 'Identifier' || key.type === 'PrivateIdentifier' || key.type === 'JSXIdentifier') return key.name as string;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  if (key.type === 'MemberExpression') return keyName(key.property as AstNode);
  return undefined;
}

// Type assertions and parentheses-like wrappers sit between a value and what holds it.
const WRAPPERS = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'ChainExpression', 'TemplateLiteral']);

/** The variable, property, attribute or parameter name a string-like node is assigned to. */
export function holderName(node: AstNode): string | undefined {
  let child = node;
  let parent = node.parent;
  while (parent && WRAPPERS.has(parent.type)) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return undefined;
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.init === child ? keyName(parent.id as AstNode) : undefined;
    case 'Property':
    case 'PropertyDefinition':
    case 'TSPropertySignature':
      return parent.value === child ? keyName(parent.key as AstNode) : undefined;
    case 'AssignmentExpression':
    case 'AssignmentPattern':
      return parent.right === child ? keyName(parent.left as AstNode) : undefined;
    case 'JSXAttribute':
      return keyName(parent.name as AstNode);
    case 'JSXExpressionContainer':
      return holderName(parent);
    default:
      return undefined;
  }
}
