import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load-rules.js';
import { expandExample, Scanner } from '../../src/engine/index.js';
import { decodeBase64, decodedValues, decodeHex, decodeJsonString, decodePercent } from '../../src/engine/derived/encoded.js';

const scanner = new Scanner(loadBuiltinRules().rules);
const b64 = (s: string) => Buffer.from(s).toString('base64');
const hex = (s: string) => Buffer.from(s).toString('hex');

describe('decoders', () => {
  it('decode base64 and base64url to text, and refuse words, identifiers and binary', () => {
    expect(decodeBase64(b64('user:correct-horse-battery'))).toBe('user:correct-horse-battery');
    const url = 'user?id>42~token?x>y~z&q=Pa55w0rd!';
    expect(decodeBase64(Buffer.from(url).toString('base64url'))).toBe(url);
    expect(decodeBase64('someLongCamelCaseIdentifierName')).toBeUndefined();
    expect(decodeBase64(Buffer.from([0, 1, 2, 250, 251, 252, 9, 8, 7, 6, 5, 4]).toString('base64'))).toBeUndefined();
  });

  it('decode hex to text but not hashes', () => {
    expect(decodeHex(hex('password=hunter2-and-more'))).toBe('password=hunter2-and-more');
    expect(decodeHex('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')).toBeUndefined();
  });

  it('decode percent-encoding and JSON string escapes', () => {
    expect(decodePercent('token%3Dabc%26x%3Dy')).toBe('token=abc&x=y');
    expect(decodePercent('bad%zz%')).toBeUndefined();
    expect(decodeJsonString('{\\"access_token\\":\\"v\\"}')).toBe('{"access_token":"v"}');
  });

  it('undo two encodings and stop there', () => {
    const inner = hex('token: abcdefghijklmnop');
    const twice = decodedValues(`x = ${b64(inner)}`);
    expect(twice.map((d) => d.encodings)).toEqual([['base64'], ['base64', 'hex']]);
    const thrice = decodedValues(`x = ${b64(b64(b64('token: abcdefghijklmnop')))}`);
    expect(thrice.every((d) => d.encodings.length <= 2)).toBe(true);
  });
});

describe('encoded values in files', () => {
  const token = expandExample('{{crc32:ghp_}}');

  it('reports a base64-encoded GitHub token in a YAML value on its own line, decoded: base64', () => {
    const text = ['jobs:', '  build:', '    env:', `      GH_TOKEN: ${b64(token)}`, ''].join('\n');
    const found = scanner.scan({ path: '.github/workflows/ci.yml', text });
    const gh = found.filter((f) => f.ruleId === 'github-pat');
    expect(gh).toHaveLength(1);
    expect(gh[0]).toMatchObject({ line: 4, column: 17, decoded: 'base64', redacted: 'ghp_…(40)' });
    expect(gh[0]!.reason).toMatch(/decoded: base64/);
    // The encoded text itself is not reported a second time by a generic rule.
    expect(found).toHaveLength(1);
  });

  it('reports a hex-encoded token', () => {
    const found = scanner.scan({ path: 'config/app.env', text: `BLOB=${hex(token)}\n` });
    expect(found.find((f) => f.ruleId === 'github-pat')).toMatchObject({ line: 1, decoded: 'hex' });
  });

  it('reports a token inside a JSON document written into a string', () => {
    const text = `const cassette = '{\\"status\\":200,\\"body\\":\\"ok\\",\\"token\\":\\"${token}\\"}';\n`;
    const found = scanner.scan({ path: 'test/recordings.js', text });
    expect(found.some((f) => f.ruleId === 'github-pat')).toBe(true);
  });

  it('does not report base64 that decodes to ordinary text', () => {
    const prose = b64('The quick brown fox jumps over the lazy dog, then naps in the sun.');
    expect(scanner.scan({ path: 'values.yaml', text: `description: ${prose}\n` })).toEqual([]);
  });
});
