import { describe, expect, it } from 'vitest';
import { expandExample } from '../../src/engine/examples.js';
import { base62Crc32, makeBase62Crc32Token } from '../../src/engine/validators/base62-crc32.js';
import { bech32, bech32Encode } from '../../src/engine/validators/bech32.js';
import { jwt } from '../../src/engine/validators/jwt.js';
import { crc32 } from '../../src/engine/crc32.js';
import { crc32 as zlibCrc32 } from 'node:zlib';

describe('crc32', () => {
  it('agrees with zlib on ASCII and multi-byte text', () => {
    for (const s of ['', 'a', 'keylint', 'Ünïcødé ✓', 'x'.repeat(1000)]) expect(crc32(s)).toBe(zlibCrc32(Buffer.from(s)) >>> 0);
  });
});

describe('github-crc32 / npm-crc32 (base62 CRC-32)', () => {
  it('accepts a token whose last 6 characters are the base62 CRC-32 of the 30 before', () => {
    const token = makeBase62Crc32Token('ghp_', 'A'.repeat(15) + 'b'.repeat(15));
    expect(base62Crc32(token).valid).toBe(true);
    expect(base62Crc32(expandExample('{{crc32:npm_}}')).valid).toBe(true);
  });

  it('rejects a token with one checksum character changed', () => {
    const token = expandExample('{{crc32:ghp_}}');
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const result = base62Crc32(flipped);
    expect(result.valid).toBe(false);
    expect(result.note).toMatch(/checksum/);
  });

  it('rejects a token with one body character changed', () => {
    const token = expandExample('{{crc32:gho_}}');
    const body = token.split('');
    body[10] = body[10] === 'a' ? 'b' : 'a';
    expect(base62Crc32(body.join('')).valid).toBe(false);
  });

  it('rejects values too short or outside base62', () => {
    expect(base62Crc32('ghp_abc').valid).toBe(false);
    expect(base62Crc32('ghp_' + '-'.repeat(36)).valid).toBe(false);
  });
});

describe('jwt', () => {
  const make = (header: object, payload: object, sig = 'c2lnbmF0dXJlLWJ5dGVzLWhlcmU') =>
    `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`;

  it('decodes the claims of a signed token', () => {
    const r = jwt(make({ alg: 'HS256', typ: 'JWT' }, { role: 'anon', iss: 'supabase' }));
    expect(r.valid).toBe(true);
    expect(r.claims).toMatchObject({ role: 'anon', iss: 'supabase' });
  });

  it('rejects alg none, a missing alg, a short signature and non-JSON segments', () => {
    expect(jwt(make({ alg: 'none' }, { a: 1 })).valid).toBe(false);
    expect(jwt(make({ typ: 'JWT' }, { a: 1 })).valid).toBe(false);
    expect(jwt(make({ alg: 'HS256' }, { a: 1 }, 'abc')).valid).toBe(false);
    expect(jwt('eyJub3QganNvbg.eyJhIjoxfQ.c2lnbmF0dXJlLWJ5dGVzLWhlcmU').valid).toBe(false);
    expect(jwt('only.two').valid).toBe(false);
  });

  it('rejects a demo token whose claims name no subject, issuer, audience, scope or lifetime', () => {
    expect(jwt(make({ alg: 'HS256', typ: 'JWT' }, { some: 'payload' }))).toMatchObject({ valid: false, note: expect.stringMatching(/demo token/) });
    expect(jwt(make({ alg: 'HS256' }, {})).valid).toBe(false);
    for (const claims of [{ sub: '1234567890' }, { exp: 1900000000 }, { userId: 42 }, { scope: 'read' }])
      expect(jwt(make({ alg: 'HS256' }, claims)).valid, JSON.stringify(claims)).toBe(true);
  });

  it('rejects a payload that is JSON but not an object', () => {
    expect(jwt(`${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('[1,2]').toString('base64url')}.c2lnbmF0dXJlLWJ5dGVzLWhlcmU`).valid).toBe(
      false,
    );
  });
});

describe('bech32', () => {
  it('accepts an encoded value and rejects it with one character changed', () => {
    const data = Array.from({ length: 52 }, (_, i) => (i * 7) % 32);
    const key = bech32Encode('age-secret-key-', data).toUpperCase();
    expect(bech32(key).valid).toBe(true);
    const broken = key.slice(0, -1) + (key.endsWith('Q') ? 'P' : 'Q');
    expect(bech32(broken).valid).toBe(false);
  });
});
