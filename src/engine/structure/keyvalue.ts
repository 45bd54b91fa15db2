import { MAX_ENCLOSING, previousLineStart, SCAN_LIMIT, type Structure } from './types.js';

/** What a scanner finds; whether the file is code is the caller's call. */
type Found = Omit<Structure, 'code'>;

// `export NAME=`, `ENV NAME=`, `ARG NAME=`, `set NAME=`, `name = "…"`, `name: …`.
const KEY_LINE = /^\s*(?:(?:export|ENV|ARG|set|setenv|declare(?:\s+-\w+)*|readonly|local)\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*(?:=|:)/;
// Dockerfile's legacy `ENV NAME value` form.
const ENV_SPACE = /^\s*ENV\s+([A-Za-z_]\w*)\s+$/;
const SECTION = /^\s*\[\[?\s*([^\]\n]+?)\s*\]\]?\s*$/;

/**
 * Structure around `offset` in line-oriented config (.env, .properties, .ini, TOML,
 * Dockerfile, shell): the key on the value's line, the `[section]` above it, and as the
 * enclosing object the group of lines around it, bounded by blank lines and section
 * headers. Such files have no braces; people group related settings (`# Firebase` and
 * its five variables) in paragraphs, and a paragraph is what a key belongs with.
 */
export function keyValueStructure(text: string, offset: number): Found {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const head = text.slice(lineStart, offset);
  const name = (KEY_LINE.exec(head) ?? ENV_SPACE.exec(head))?.[1];
  const floor = Math.max(0, offset - SCAN_LIMIT);
  const ceiling = Math.min(text.length, offset + SCAN_LIMIT);

  let section: string | undefined;
  let groupStart = lineStart;
  let inGroup = true;
  for (let pos = lineStart; pos > floor;) {
    const start = previousLineStart(text, pos);
    const line = text.slice(start, pos - 1);
    const header = SECTION.exec(line);
    if (header) {
      section = header[1];
      if (inGroup) groupStart = start;
      break;
    }
    if (!line.trim()) inGroup = false;
    if (inGroup) groupStart = start;
    pos = start;
  }

  let groupEnd = text.indexOf('\n', offset);
  if (groupEnd < 0) groupEnd = text.length;
  while (groupEnd < ceiling) {
    let next = text.indexOf('\n', groupEnd + 1);
    if (next < 0) next = text.length;
    const line = text.slice(groupEnd + 1, next);
    if (!line.trim() || SECTION.test(line)) break;
    groupEnd = next;
  }

  const keyPath = [...(section ? [section] : []), ...(name ? [name] : [])];
  const structure: Found = { keyPath, name };
  if (groupEnd - groupStart <= MAX_ENCLOSING) structure.enclosing = text.slice(groupStart, groupEnd);
  return structure;
}
