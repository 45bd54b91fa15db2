import { describe, expect, it } from 'vitest';
import { placeholderReason } from '../../src/engine/placeholders.js';

describe('placeholderReason', () => {
  it.each([
    ['AKIAIOSFODNN7EXAMPLE', /documentation/],
    ['sk_test_4eC39HqLyjWDarjtT1zdp7dc', /documentation/],
    ['sk_live_xxxxxxxxxxxxxxxxxxxxxxxx', /masked|placeholder/],
    ['<YOUR_API_KEY>', /placeholder|reference/],
    ['${STRIPE_SECRET_KEY}', /reference/],
    ['your-api-key-here', /placeholder/],
    ['sk_live_...', /masked/],
    ['****************', /masked/],
    ['process.env.API_KEY', /environment/],
    ['ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', /masked|distinct/],
    ['abc0123456789xyz', /sequence/],
  ])('rejects %s', (value, reason) => {
    expect(placeholderReason(value)).toMatch(reason);
  });

  it('accepts random-looking values, including encoded keys with runs of A', () => {
    expect(placeholderReason('q8Zr2LmX0vBn7TcYw4Ke')).toBeUndefined();
    expect(placeholderReason('b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW' + 'q8Zr2LmX0vBn7TcYw4Ke'.repeat(5))).toBeUndefined();
    expect(placeholderReason('MDoEEPgAAAAAAAAAAAAAAAAAAAEwFAYIKoZIhvcNAwcECBQ0N0EftdcPBBD9CaBvRSe9MhhqBjbd3UG8')).toBeUndefined();
  });

  it('rejects a value that is mostly one repeated character', () => {
    expect(placeholderReason('ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).toMatch(/masked|distinct/);
    expect(placeholderReason('AKIA0000000000000000')).toMatch(/masked|distinct/);
  });
});

describe('placeholderReason on long values', () => {
  it('accepts a long base64 body such as a PEM key', () => {
    const body = Array.from({ length: 1600 }, (_, i) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[(i * 37 + (i >> 3)) % 64]).join('');
    expect(placeholderReason(body)).toBeUndefined();
  });
});
