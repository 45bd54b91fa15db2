import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load-rules.js';
import { Scanner } from '../../src/engine/index.js';
import { jwk } from '../../src/engine/validators/jwk.js';
import { privateKey } from '../../src/engine/validators/private-key.js';

const scanner = new Scanner(loadBuiltinRules().rules);
const keys = (text: string, path = 'src/keys.ts') => scanner.scan({ path, text }).filter((f) => f.ruleId === 'private-key' || f.ruleId === 'jwk-private-key');

// Real keys, generated for this run only.
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed = generateKeyPairSync('ed25519');
const pkcs1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
const pkcs8 = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const sec1 = ec.privateKey.export({ type: 'sec1', format: 'pem' }) as string;
const edPem = ed.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const encrypted = ec.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'synthetic' }) as string;

describe('PEM private keys', () => {
  it('accepts PKCS#1, PKCS#8, SEC1, Ed25519 and encrypted PKCS#8 keys made by node:crypto', () => {
    for (const pem of [pkcs1, pkcs8, sec1, edPem, encrypted]) expect(privateKey(pem.trim()), pem.split('\n')[0]).toMatchObject({ valid: true });
  });

  it('drops a truncated documentation fragment: the DER header declares more than the body holds', () => {
    const lines = pkcs8.trim().split('\n');
    const fragment = [lines[0], lines[1], lines[2], '-----END PRIVATE KEY-----'].join('\n');
    expect(privateKey(fragment)).toMatchObject({ valid: false, note: expect.stringMatching(/truncated/) });
    expect(keys(`Your key looks like this:\n\n${fragment}\n`, 'docs/tls.md')).toEqual([]);
  });

  it('drops prose and code between a header and a footer', () => {
    const text =
      'const PEM_HEADER = "-----BEGIN PRIVATE KEY-----";\nfunction wrap(body: string) { return PEM_HEADER + "\\n" + body + "\\n" + PEM_FOOTER; }\nconst PEM_FOOTER = "-----END PRIVATE KEY-----";';
    expect(keys(text)).toEqual([]);
  });

  it('finds a complete key that follows a stray header in code', () => {
    const text = `if (pem.includes('-----BEGIN RSA PRIVATE KEY-----')) {\n  format = 'pkcs1';\n}\n\nexport const testKey = \`${pkcs1.trim()}\`;\n`;
    const found = keys(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ ruleId: 'private-key', line: 5, kind: 'secret', severity: 'critical' });
  });

  it('finds a key inside a JSON string with escaped newlines', () => {
    const text = JSON.stringify({ issuer: 'https://auth.acme.internal', signingKey: sec1 }, null, 2);
    expect(keys(text, 'config/auth.json')).toHaveLength(1);
  });

  it('finds a key written as string literals joined with +', () => {
    const body = pkcs8.trim().split('\n');
    const text = `const key =\n${body.map((l) => `  '${l}\\n'`).join(' +\n')};\n`;
    expect(keys(text)).toHaveLength(1);
  });
});

describe('JSON Web Keys', () => {
  it('reports private JWKs and ignores their public halves', () => {
    for (const pair of [rsa, ec, ed]) {
      const priv = JSON.stringify(pair.privateKey.export({ format: 'jwk' }));
      const pub = JSON.stringify(pair.publicKey.export({ format: 'jwk' }));
      expect(jwk(priv), priv.slice(0, 20)).toMatchObject({ valid: true });
      expect(jwk(pub)).toMatchObject({ valid: false, note: expect.stringMatching(/public/) });
      expect(keys(`{"keys": [${pub}]}`, 'public/.well-known/jwks.json')).toEqual([]);
      expect(keys(`{"keys": [${priv}]}`, 'config/jwks.json')).toMatchObject([{ ruleId: 'jwk-private-key', kind: 'secret', severity: 'critical' }]);
    }
  });

  it('drops a JWK whose private member is elided', () => {
    expect(keys('{"kty":"EC","crv":"P-256","x":"…","d":"<your-private-key>"}', 'docs/jwk.json')).toEqual([]);
  });
});
