/**
 * The line numbers each file gains in a `git diff -U0` patch, keyed by the new path.
 * Hunks are consumed by their counts, so an added line that itself reads `+++ x` is content,
 * never mistaken for a file header.
 */
export function addedLines(patch: string): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  const lines = patch.split('\n');
  let file: Set<number> | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('+++ ')) {
      // git ends the line with a tab when the name holds a space (for patch(1)); a name
      // that itself ends in a tab is quoted, so a bare trailing tab is never part of it.
      const target = line.slice(4).replace(/\t$/, '');
      file = undefined;
      if (target === '/dev/null') continue;
      const path = unquote(target).replace(/^b\//, '');
      file = out.get(path) ?? new Set();
      out.set(path, file);
      continue;
    }
    const hunk = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (!hunk) continue;
    const removed = hunk[1] === undefined ? 1 : Number(hunk[1]);
    const start = Number(hunk[2]);
    const added = hunk[3] === undefined ? 1 : Number(hunk[3]);
    for (let n = 0; n < added; n++) file?.add(start + n);
    // Skip the hunk body: removed lines, added lines, and "\ No newline" markers.
    let body = removed + added;
    while (body > 0 && i + 1 < lines.length) {
      i++;
      if (!lines[i]!.startsWith('\\')) body--;
    }
  }
  return out;
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Undoes git's C-style quoting of a path (`"a\tb"`, octal bytes such as `\303\251`). */
export function unquote(s: string): string {
  if (!s.startsWith('"') || !s.endsWith('"') || s.length < 2) return s;
  const bytes: number[] = [];
  const body = s.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1, i + 4));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else {
      bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
