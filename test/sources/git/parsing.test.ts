import { describe, expect, it } from 'vitest';
import { addedLines, unquote } from '../../../src/sources/git/added-lines.js';
import { parseRaw } from '../../../src/sources/git/log-walk.js';
import { parsePrePush } from '../../../src/sources/git/pre-push.js';

describe('git output parsing', () => {
  it('reads the new side of plain and combined (merge) raw diff lines', () => {
    const a = 'a'.repeat(40);
    const b = 'b'.repeat(40);
    const c = 'c'.repeat(40);
    expect(parseRaw(`:100644 100755 ${a} ${b} M`)).toEqual({ mode: '100755', blob: b });
    expect(parseRaw(`::100644 100644 100644 ${a} ${b} ${c} MM`)).toEqual({ mode: '100644', blob: c });
  });

  it('collects added line numbers per file from a -U0 patch, never mistaking content for headers', () => {
    const patch = [
      'diff --git a/x.env b/x.env',
      '--- a/x.env',
      '+++ b/x.env',
      '@@ -2 +2,2 @@',
      '-old',
      '+++ b/not-a-header',
      '+second',
      '@@ -10,0 +12 @@ context',
      '+twelve',
      '\\ No newline at end of file',
      'diff --git a/gone b/gone',
      '--- a/gone',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-bye',
      'diff --git "a/t\\tab\\303\\251" "b/t\\tab\\303\\251"',
      '--- /dev/null',
      '+++ "b/t\\tab\\303\\251"',
      '@@ -0,0 +1 @@',
      '+new',
      'diff --git a/my file.env b/my file.env',
      '--- /dev/null',
      '+++ b/my file.env\t',
      '@@ -0,0 +1 @@',
      '+spaced',
    ].join('\n');
    const lines = addedLines(patch);
    expect([...lines.keys()]).toEqual(['x.env', 't\tabé', 'my file.env']);
    expect([...lines.get('x.env')!]).toEqual([2, 3, 12]);
    expect([...lines.get('t\tabé')!]).toEqual([1]);
    expect([...lines.get('my file.env')!]).toEqual([1]);
  });

  it('undoes git path quoting', () => {
    expect(unquote('"a\\"b\\\\c\\n"')).toBe('a"b\\c\n');
    expect(unquote('plain name')).toBe('plain name');
  });

  it('parses pre-push input lines', () => {
    const sha = 'f'.repeat(40);
    expect(parsePrePush(`refs/heads/main ${sha} refs/heads/main ${'0'.repeat(40)}\n\n`)).toEqual([
      { localRef: 'refs/heads/main', localSha: sha, remoteRef: 'refs/heads/main', remoteSha: '0'.repeat(40) },
    ]);
  });
});
