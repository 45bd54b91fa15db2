import { KeylintError } from '../engine/errors.js';

/**
 * Why a glob is malformed, or undefined. picomatch reads an unclosed `[` or `{` as a
 * literal character, so `--include '['` would quietly match no file and scan nothing:
 * brackets, braces and parentheses must balance (a backslash escapes one).
 */
export function globProblem(glob: string): string | undefined {
  if (glob.trim() === '') return 'an empty glob';
  const open: string[] = [];
  const pairs: Record<string, string> = { ']': '[', '}': '{', ')': '(' };
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (open.at(-1) === '[') {
      // Inside a class everything is literal up to the closing bracket (a leading "]" included).
      if (c === ']' && glob[i - 1] !== '[' && !(glob[i - 1] === '!' && glob[i - 2] === '[') && !(glob[i - 1] === '^' && glob[i - 2] === '[')) open.pop();
      continue;
    }
    if (c === '[' || c === '{' || c === '(') open.push(c);
    else if (c === '}' || c === ')') {
      if (open.at(-1) !== pairs[c]) return `"${c}" without a matching "${pairs[c]}"`;
      open.pop();
    }
  }
  if (open.length) return `unclosed "${open.at(-1)}"`;
  return undefined;
}

/** Throws a one-line error naming the first malformed glob among `globs`, given as `label`. */
export function checkGlobs(globs: readonly string[] | undefined, label: string): void {
  for (const glob of globs ?? []) {
    const problem = globProblem(glob);
    if (problem) throw new KeylintError(`${label} ${JSON.stringify(glob)}: not a valid glob (${problem})`);
  }
}
