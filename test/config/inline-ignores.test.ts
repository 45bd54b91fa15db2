import { describe, expect, it } from 'vitest';
import { inlineIgnoreFor } from '../../src/config/inline-ignores.js';

const at = (text: string, line: number) => inlineIgnoreFor({ line, endLine: line }, { path: 'a.ts', text });

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

  it('ignores lines without a directive', () => {
    expect(at('token = "x" // allow me\n', 1)).toBeUndefined();
  });
});
