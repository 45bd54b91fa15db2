/**
 * The 1-based line a field of a TOML document is written on, found by searching the
 * text (smol-toml keeps no positions for values). `path` is a zod-style issue path such
 * as `['rule', 2, 'regex']`. Falls back to the enclosing table's header, or undefined.
 */
export function lineOf(text: string, path: readonly PropertyKey[]): number | undefined {
  const lines = text.split(/\r?\n/);
  const header = /^\s*\[\[?\s*([A-Za-z0-9_.\-"' ]+?)\s*\]\]?/;
  const headerName = (i: number) => header.exec(lines[i]!)?.[1]?.replace(/\s+/g, '');
  const isArrayHeader = (i: number) => /^\s*\[\[/.test(lines[i]!);
  let from = 0;
  let to = lines.length;
  let best: number | undefined;
  let rest = [...path];
  const [top, index] = path;
  if (typeof top === 'string') {
    const scope = (start: number) => {
      let end = start + 1;
      while (end < lines.length) {
        const name = headerName(end);
        // Sub-tables such as [rule.examples] or [[rule.when]] belong to the entry above them.
        if (name !== undefined && !name.startsWith(`${top}.`)) break;
        end++;
      }
      return end;
    };
    if (typeof index === 'number') {
      let seen = -1;
      for (let i = 0; i < lines.length; i++) {
        if (isArrayHeader(i) && headerName(i) === top && ++seen === index) {
          [best, from, to, rest] = [i + 1, i + 1, scope(i), path.slice(2)];
          break;
        }
      }
    } else {
      const at = lines.findIndex((l, i) => !isArrayHeader(i) && headerName(i) === top);
      if (at >= 0) [best, from, to, rest] = [at + 1, at + 1, scope(at), path.slice(1)];
      else
        to =
          Math.max(
            0,
            lines.findIndex((_, i) => headerName(i) !== undefined),
          ) || lines.length;
    }
  }
  for (const key of rest) {
    if (typeof key !== 'string') continue;
    const esc = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const assign = new RegExp(`^\\s*(?:[A-Za-z0-9_-]+\\.)*${esc}\\s*(=|\\.)`);
    const table = new RegExp(`^\\s*\\[\\[?\\s*[A-Za-z0-9_.-]*\\b${esc}\\s*\\]`);
    let found = -1;
    for (let i = from; i < to; i++) {
      if (assign.test(lines[i]!) || table.test(lines[i]!)) {
        found = i;
        break;
      }
    }
    if (found < 0) break;
    best = found + 1;
    from = found;
  }
  return best;
}
