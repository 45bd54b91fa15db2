import { MAX_ENCLOSING, SCAN_LIMIT, type Structure } from './types.js';

// `export NAME=`, `ENV NAME=`, `ENV NAME value`, `ARG NAME=`, `set NAME=`, `name = "…"`, `name: …`, `--flag=`.
const KEY_LINE = /^\s*(?:(?:export|ENV|ARG|set|setenv|declare(?:\s+-\w+)*|readonly|local)\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*(?:=|:)/;
// Dockerfile's legacy `ENV NAME value` form.
const ENV_SPACE = /^\s*ENV\s+([A-Za-z_]\w*)\s+$/;
const SECTION = /^\s*\[\[?\s*([^\]\n]+?)\s*\]\]?\s*$/;

/**
 * Structure around `offset` in line-oriented config (.env, .properties, .ini, TOML,
 * Dockerfile, shell): the key on the value's line, the `[section]` above it, and the
 * section (or, for a small file with none, the whole file) as the enclosing object.
 */
export function keyValueStructure(text: string, offset: number): Structure {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const head = text.slice(lineStart, offset);
  const name = (KEY_LINE.exec(head) ?? ENV_SPACE.exec(head))?.[1];
  const floor = Math.max(0, offset - SCAN_LIMIT);
  let sectionStart = 0;
  let section: string | undefined;
  for (let pos = lineStart; pos > floor; ) {
    const start = text.lastIndexOf('\n', pos - 2) + 1;
    const m = SECTION.exec(text.slice(start, pos - 1));
    if (m) {
      section = m[1];
      sectionStart = start;
      break;
    }
    pos = start;
    if (start === 0) break;
  }
  let sectionEnd = text.length;
  const next = /^\s*\[\[?[^\]\n]+\]\]?\s*$/m;
  next.lastIndex = 0;
  const rest = text.slice(offset, Math.min(text.length, offset + SCAN_LIMIT));
  const nl = rest.indexOf('\n');
  const after = nl < 0 ? -1 : rest.slice(nl + 1).search(next);
  if (after >= 0) sectionEnd = offset + nl + 1 + after;
  const keyPath = [...(section ? [section] : []), ...(name ? [name] : [])];
  const structure: Structure = { keyPath, name };
  if (sectionEnd - sectionStart <= MAX_ENCLOSING) structure.enclosing = text.slice(sectionStart, sectionEnd);
  return structure;
}
