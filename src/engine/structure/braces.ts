import { MAX_ENCLOSING, SCAN_LIMIT, type Structure } from './types.js';

/** What a scanner finds; whether the file is code is the caller's call. */
type Found = Omit<Structure, 'code'>;

/** How a brace language spells comments and strings. */
export interface BraceSyntax {
  /** `#` starts a line comment (HCL, Python, Ruby, PHP). */
  hashComments: boolean;
  /** Backticks quote strings (JS template literals, Go raw strings); in Markdown they fence code. */
  backtickStrings: boolean;
}

interface Open {
  char: '{' | '[' | '(';
  at: number;
}

const CLOSE: Record<string, Open['char']> = { '}': '{', ']': '[', ')': '(' };

/**
 * Structure around `offset` in a brace language (JSON, JS/TS, HCL and the C family): a
 * tolerant one-pass tokenizer that skips strings and comments, keeps a stack of open
 * brackets up to the value and finds where the innermost one closes after it.
 * Starts at most SCAN_LIMIT characters back, at a line start; a string or comment
 * that began before that point can mislead it, which costs precision, never a crash.
 */
export function bracesStructure(text: string, offset: number, syntax: BraceSyntax): Found {
  // Prefer a line start, but never scan further back than SCAN_LIMIT (minified one-line bundles).
  const floor = Math.max(0, offset - SCAN_LIMIT);
  let from = floor;
  if (floor > 0)
    for (let k = floor; k < offset; k++)
      if (text.charCodeAt(k) === 10) {
        from = k + 1;
        break;
      }
  const stack: Open[] = [];
  const limit = Math.min(text.length, offset + SCAN_LIMIT);
  let i = from;
  // Walk up to the value, which sits inside a string: stop at the quote that opens it.
  let valueQuote = -1;
  while (i < offset) {
    const c = text.charCodeAt(i);
    if (c === DQ || c === SQ || (c === BQ && syntax.backtickStrings)) {
      const end = stringEnd(text, i, limit);
      if (end > offset) {
        valueQuote = i;
        break;
      }
      i = end;
    } else if (c === SLASH && text.charCodeAt(i + 1) === SLASH) i = lineEnd(text, i, offset);
    else if (c === SLASH && text.charCodeAt(i + 1) === STAR) i = blockEnd(text, i);
    else if (c === HASH && syntax.hashComments) i = lineEnd(text, i, offset);
    else {
      if (c === 123 || c === 91 || c === 40) stack.push({ char: text[i] as Open['char'], at: i });
      else if (c === 125 || c === 93 || c === 41) popTo(stack, CLOSE[text[i]!]!);
      i++;
    }
  }
  const valueStart = valueQuote >= 0 ? valueQuote : offset;
  const keyPath: string[] = [];
  for (const open of stack) {
    const key = keyBefore(text, open.at);
    if (key) keyPath.push(key);
  }
  const holder = keyBefore(text, valueStart);
  if (holder) keyPath.push(holder);
  // The holder names the value only when the value is the whole string, not a piece of a URL or header.
  const whole = valueQuote < 0 || valueQuote + 1 === offset;
  const structure: Found = { keyPath, name: whole ? holder : undefined };
  // The innermost object, array or argument list, both directions: a Firebase config names its
  // markers after apiKey, in an object literal or in named arguments (Dart `FirebaseOptions(apiKey: …)`).
  const inner = stack[stack.length - 1];
  if (inner) {
    const close = closingOf(text, inner, valueQuote >= 0 ? stringEnd(text, valueQuote, limit) : offset, limit, syntax);
    const head = inner.at - lastLine(text.slice(Math.max(0, inner.at - 200), inner.at)).length;
    if (close > 0 && close - head <= MAX_ENCLOSING) structure.enclosing = text.slice(head, close + 1);
  }
  return structure;
}

/** The text after the last newline (a bounded look back: minified files have huge lines). */
function lastLine(s: string): string {
  return s.slice(s.lastIndexOf('\n') + 1);
}

function popTo(stack: Open[], char: Open['char']): void {
  for (let k = stack.length - 1; k >= 0; k--) {
    if (stack[k]!.char === char) {
      stack.length = k;
      return;
    }
  }
}

const DQ = 34,
  SQ = 39,
  BQ = 96,
  SLASH = 47,
  STAR = 42,
  HASH = 35,
  BACKSLASH = 92,
  NL = 10;

/** Index just past the string starting at `at` (quote included), or the line end for an unterminated one; at most `limit`. */
function stringEnd(text: string, at: number, limit: number): number {
  const quote = text.charCodeAt(at);
  for (let i = at + 1; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === quote) return i + 1;
    else if (c === NL && quote !== BQ) return i;
  }
  return limit;
}

function lineEnd(text: string, at: number, limit: number): number {
  for (let i = at; i < limit; i++) if (text.charCodeAt(i) === NL) return i;
  return limit;
}

function blockEnd(text: string, at: number): number {
  const close = text.indexOf('*/', at + 2);
  return close < 0 ? text.length : close + 2;
}

/** Where the bracket `open` closes, scanning from `from` up to `limit`; -1 when it does not. */
function closingOf(text: string, open: Open, from: number, limit: number, syntax: BraceSyntax): number {
  const want = open.char === '{' ? 125 : open.char === '[' ? 93 : 41;
  let depth = 0;
  for (let i = from; i < limit;) {
    const c = text.charCodeAt(i);
    if (c === DQ || c === SQ || (c === BQ && syntax.backtickStrings)) i = stringEnd(text, i, limit);
    else if (c === SLASH && text.charCodeAt(i + 1) === SLASH) i = lineEnd(text, i, limit);
    else if (c === SLASH && text.charCodeAt(i + 1) === STAR) i = blockEnd(text, i);
    else if (c === HASH && syntax.hashComments) i = lineEnd(text, i, limit);
    else {
      if (c === 123 || c === 91 || c === 40) depth++;
      else if (c === 125 || c === 93 || c === 41) {
        if (depth === 0) return c === want ? i : -1;
        depth--;
      }
      i++;
    }
  }
  return -1;
}

// How far back a key may start before its value: names are short, and the key regexes are end-anchored.
const KEY_REACH = 120;

// `name:`, `"name":`, `name =`, `name:=`, `name =>` right before a value or bracket (read backwards).
const KEY_BEFORE = /(?:["'`]?([A-Za-z_$@][\w$.@-]*)["'`]?|\[\s*["'`]([^"'`]+)["'`]\s*\])\s*(?::=|=>|=|:)\s*(?:new\s+[\w.]+\s*\(\s*)?$/;
// `resource "aws_instance" "web" {` and `provider "google" {`: HCL blocks name themselves.
const HCL_BLOCK = /([A-Za-z_][\w-]*)(?:\s+"[^"\n]*")*\s*$/;
// A variable declared with a type annotation: `const k: string =`, `val k: String =`.
const TYPED = /([A-Za-z_$][\w$]*)\s*:\s*[\w$.<>[\]|& ]+?\s*=\s*$/;

/** The name that precedes a value or an opening bracket at `at`, if any. */
function keyBefore(text: string, at: number): string | undefined {
  const before = lastLine(text.slice(Math.max(0, at - KEY_REACH), at));
  const typed = TYPED.exec(before);
  if (typed) return typed[1];
  const m = KEY_BEFORE.exec(before);
  if (m) return m[1] ?? m[2];
  if (text[at] === '{') {
    const block = HCL_BLOCK.exec(before);
    if (block && !/^(?:if|else|for|while|switch|try|catch|finally|do|return|function|class|interface|struct|enum|impl)$/.test(block[1]!)) return block[1];
  }
  return undefined;
}
