import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load-rules.js';
import { Scanner } from '../../src/engine/index.js';
import { dressedUpSecretWord, identifierLike, placeholderReason } from '../../src/engine/placeholders.js';

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

describe('samples that generic rules skip', () => {
  it.each(['secret123', 'pa$$word', 'P@ssw0rd!', 'somepassword', 'p%40ss%3Aword', 'MySecret2024', 'token_1'])(
    '%s is the word "secret" or "password" dressed up',
    (v) => {
      expect(dressedUpSecretWord(v)).toBe(true);
    },
  );

  it.each(['Zq8!vX2#pL0w', 'passage-of-time', 'kX9#mP2qL', 'tokenizerState'])('%s is not', (v) => {
    expect(dressedUpSecretWord(v)).toBe(false);
  });

  it.each(['TSPrivateKeyword', '?NonExpressionParenEnd', '?InterpolationInJSX', 'NoLineTerminatorHere', 'AWSAccessKeyId', 'Access-Control-Allow-Credentials'])(
    '%s is spelled like a code identifier',
    (v) => {
      expect(identifierLike(v)).toBe(true);
    },
  );

  it.each(['QzRtYpWbNmXcVjLk', 'aB3dE5fG7hJ9kL1m', 'AbCdEfGhIjKlMnOp', 'K7vQ2xLp9RtYm4Wz', 'hqzmxkwplrtvbnsd'])('%s is not', (v) => {
    expect(identifierLike(v)).toBe(false);
  });

  it('a template literal or f-string is built at run time, and a timestamp is not a secret', () => {
    expect(placeholderReason('secret-${env}-v2')).toMatch(/template/);
    expect(placeholderReason('share-{portfolio_id}-{org_type}')).toMatch(/template/);
    expect(placeholderReason('2016-09-08T21:47:36Z')).toMatch(/date/);
    expect(placeholderReason('Qz7Rt{Yp2Wb')).toBeUndefined();
  });
});

describe('generic rules on samples, by kind of file', () => {
  const scanner = new Scanner(loadBuiltinRules().rules);
  const found = (path: string, text: string) => scanner.scan({ path, text }).map((f) => f.ruleId);

  it('skip a dressed-up word in source and docs, and report it in a credential or config file', () => {
    expect(found('README.md', "const user = { name: 'john', password: 'secret123' };\n")).toEqual([]);
    expect(found('src/db.ts', "const db = connect({ password: 'P@ssw0rd!' });\n")).toEqual([]);
    expect(found('.bashrc', "export GMAIL_PASSWORD='P@ssw0rd!'\n")).toEqual(['generic-secret-assignment']);
  });

  it('skip a secret-ish word that ends a namespaced type name', () => {
    expect(found('data/schemas.json', '{ "AWS::IAM::AccessKey": "62d91b17309e76c8", "AWS::Route53::KeySigningKey": "a9a67ae6c371fcf4" }\n')).toEqual([]);
    expect(found('config/app.json', '{ "AccessKey": "62d91b17309e76c8" }\n')).toEqual(['generic-secret-assignment']);
  });

  it('skip an identifier-like constant but still report a random value under the same name', () => {
    expect(found('src/lexer.js', 'lastSignificantToken = "?InterpolationInTemplate";\n')).toEqual([]);
    expect(found('src/client.js', 'const apiToken = "Qz7RtYp2WbNmXcV9jLk4";\n')).toEqual(['generic-secret-assignment']);
  });
});

describe('more values that are not credentials', () => {
  it.each([
    ['(?:[%s]+|%s)', /template|regular expression/],
    ['^(?:[A-Za-z0-9+/]{4})*$x', /regular expression/],
    ['token-%(name)s', /template/],
    ['2YotnFZFEjr1zCsicMWpAA', /documentation/],
  ])('%s', (v, why) => {
    expect(placeholderReason(v)).toMatch(why);
  });

  it('keeps a percent-encoded password, and a random one that happens to contain %d or %s', () => {
    expect(placeholderReason('Zq8v%3dN3k%2fLp0W')).toBeUndefined();
    expect(placeholderReason('%dWq8!vX2#pL0wZr7%sK')).toBeUndefined();
  });
});
