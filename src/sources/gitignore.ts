/**
 * Turns the lines of a .gitignore into fast-glob ignore patterns, for folders that are
 * not git work trees (inside one, git itself applies every .gitignore). Negations (`!`)
 * cannot be expressed as ignore globs and are skipped.
 */
export function gitignoreToGlobs(text: string): string[] {
  const globs: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const dirOnly = line.endsWith('/');
    let pat = dirOnly ? line.slice(0, -1) : line;
    const anchored = pat.startsWith('/') || pat.includes('/');
    pat = pat.replace(/^\//, '');
    const base = anchored ? pat : `**/${pat}`;
    globs.push(`${base}/**`);
    if (!dirOnly) globs.push(base);
  }
  return globs;
}
