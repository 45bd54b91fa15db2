import { describe, expect, it } from 'vitest';
import { redact, redactIn } from '../../src/engine/redact.js';

describe('redact', () => {
  it('shows the first four characters, an ellipsis and the length', () => {
    expect(redact('ghp_0123456789abcdefghijklmnopqrstuvwxyz')).toBe('ghp_…(40)');
  });

  it('reveals at most a quarter of a short value', () => {
    expect(redact('hunter22')).toBe('hu…(8)');
    expect(redact('abc')).toBe('…(3)');
  });

  it('replaces every occurrence of a secret inside a message', () => {
    const secret = 'sk_live_' + 'Zq9'.repeat(10);
    const msg = redactIn(`bad key ${secret} and again ${secret}`, [secret]);
    expect(msg).not.toContain(secret);
    expect(msg).toContain('sk_l…(38)');
  });
});
