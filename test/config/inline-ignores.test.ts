import { describe, expect, it } from 'vitest';
import { inlineIgnoreFor } from '../../src/config/inline-ignores.js';

/** Where line `line` (1-based) of `text` starts. */
const lineStart = (text: string, line: number) =>
  text
    .split('\n')
    .slice(0, line - 1)
    .join('\n').length + (line > 1 ? 1 : 0);
/** A finding that starts `column - 1` characters into line `line` and ends on `endLine`. */
const at = (text: string, line: number, endLine = line, column = 1) =>
  inlineIgnoreFor({ line, endLine, start: lineStart(text, line) + column - 1 }, { path: 'a.ts', text });

describe('inlineIgnoreFor', () => {
  it('honors keylint:allow on the line, with its reason', () => {
    expect(at('const k = "x"; // keylint:allow test fixture, not a key\n', 1)).toMatchObject({ reason: 'test fixture, not a key', line: 1 });
    expect(at('k = "x"  # keylint:allow\n', 1)).toMatchObject({ reason: undefined });
    expect(at('k = "x" /* keylint:allow -- rotated 2024 */\n', 1)?.reason).toBe('rotated 2024');
  });

  it('honors keylint:allow-next-line on the line above only', () => {
    const text = '// keylint:allow-next-line docs sample\nk = "x"\nj = "y"\n';
    expect(at(text, 2)?.reason).toBe('docs sample');
    expect(at(text, 3)).toBeUndefined();
    // The next-line form does not silence its own line.
    expect(at('k = "x" // keylint:allow-next-line\n', 1)).toBeUndefined();
  });

  it.each(['// gitleaks:allow', '# pragma: allowlist secret', '// secretlint-disable-line', '# trufflehog:ignore'])(
    "honors other tools' marker %s",
    (marker) => {
      expect(at(`token = "x" ${marker}\n`, 1)).toBeDefined();
    },
  );

  it('reads every line a multi-line finding spans, and only those', () => {
    const text = "key = '''\nAAAA\nBBBB''' # gitleaks:allow\nnext = 1 # gitleaks:allow\n";
    expect(at(text, 1, 3, 7)?.line).toBe(3);
    expect(at(text, 1, 2, 7)).toBeUndefined();
  });

  it('finds the line above from the offset, also when the text starts with a blank line', () => {
    expect(at('\n// keylint:allow-next-line\nk = "x"\n', 3, 3, 5)?.line).toBe(2);
    expect(at('\nk = "x"\n', 2, 2, 5)).toBeUndefined();
    expect(at('k = "x" // keylint:allow\n', 1, 1, 5)?.line).toBe(1);
  });

  it('ignores lines without a directive', () => {
    expect(at('token = "x" // allow me\n', 1)).toBeUndefined();
  });
});
