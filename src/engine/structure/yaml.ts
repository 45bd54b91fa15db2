import { MAX_ENCLOSING, previousLineStart, SCAN_LIMIT, type Structure } from './types.js';

/** What a scanner finds; whether the file is code is the caller's call. */
type Found = Omit<Structure, 'code'>;

// `key: value`, `- key: value`, `"key": value`.
const KEY_LINE = /^(\s*)(?:-\s+)?["']?([^"':#\s][^"':#]*?)["']?\s*:(?:\s|$)/;

interface Line {
  start: number;
  end: number;
  indent: number;
  key?: string;
}

function lineAt(text: string, start: number): Line {
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  const body = text.slice(start, end);
  const m = KEY_LINE.exec(body);
  const indent = /^\s*(?:-\s+)?/.exec(body)![0].length;
  return { start, end, indent: body.trim() ? indent : Infinity, key: m?.[2]?.trim() };
}

/**
 * Structure around `offset` in YAML, by indentation: the key on the value's line, the keys
 * of the mappings above it, and the sibling lines of its mapping in both directions.
 * A block scalar (`key: |`) holding the value names it too.
 */
export function yamlStructure(text: string, offset: number): Found {
  const floor = Math.max(0, offset - SCAN_LIMIT);
  const ceiling = Math.min(text.length, offset + SCAN_LIMIT);
  const own = lineAt(text, text.lastIndexOf('\n', offset - 1) + 1);
  const keyPath: string[] = [];
  let name = own.key;
  let indent = own.indent;
  let parentStart = -1;
  // Walk up: each line with a smaller indent is a parent mapping's key.
  for (let pos = own.start; pos > floor && indent > 0;) {
    const prev = lineAt(text, previousLineStart(text, pos));
    pos = prev.start;
    if (prev.indent < indent && prev.key) {
      if (name === undefined) name = prev.key;
      else keyPath.unshift(prev.key);
      if (parentStart < 0) parentStart = prev.start;
      indent = prev.indent;
    }
    if (pos === 0) break;
  }
  if (name !== undefined) keyPath.push(name);
  const structure: Found = { keyPath, name };

  // The mapping holding the value: from its parent line down to the first line indented less than the value's.
  const siblingIndent = own.indent;
  const start = parentStart >= 0 ? parentStart : own.start;
  let end = own.end;
  for (let pos = own.end + 1; pos < ceiling;) {
    const next = lineAt(text, pos);
    if (next.indent < siblingIndent && next.indent !== Infinity) break;
    end = next.end;
    pos = next.end + 1;
  }
  if (end - start <= MAX_ENCLOSING) structure.enclosing = text.slice(start, end);
  return structure;
}
