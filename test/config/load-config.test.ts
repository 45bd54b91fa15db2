import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigErrors } from '../../src/config/errors.js';
import { findConfig, parseConfig } from '../../src/config/load-config.js';
import { lineOf } from '../../src/config/locate.js';
import { loadBuiltinRules } from '../../src/rules/load-rules.js';
import { selectRules } from '../../src/rules/select-rules.js';
import { expandExample, Scanner } from '../../src/engine/index.js';
import { tempDir } from '../helpers/cli.js';

const load = (text: string) => parseConfig(text, '.keylint.toml', '/repo');
const errorsOf = (text: string): string[] => {
  try {
    load(text);
  } catch (e) {
    if (e instanceof ConfigErrors) return e.errors.map((x) => x.message);
    throw e;
  }
  return [];
};

describe('parseConfig', () => {
  it('accepts an empty file', () => {
    expect(load('').rules).toEqual([]);
  });

  it('collects every problem at once, each with file, line and field', () => {
    const errors = errorsOf(['failOn = "sometimes"', 'colour = true', '', '[allowlist]', 'paths = ["a/**"]', "regexes = ['(unclosed']", ''].join('\n'));
    expect(errors).toEqual([expect.stringMatching(/^config \.keylint\.toml:1: failOn: /), 'config .keylint.toml:2: colour: unknown key']);
  });

  it('reports an invalid custom regex with the line of its field', () => {
    const text = [
      '[[rule]]',
      'id = "ok-rule"',
      "regex = '''ok_[a-z]{8}'''",
      '',
      '[[rule]]',
      'id = "broken"',
      'title = "Broken"',
      "regex = '''broken_([a-z]+'''",
      '',
    ].join('\n');
    expect(errorsOf(text)).toEqual([expect.stringMatching(/^config \.keylint\.toml:8: rule\[1\]\.regex: invalid regex/)]);
  });

  it('checks custom rule examples at load', () => {
    const text = [
      '[[rule]]',
      'id = "acme-token"',
      "regex = '''\\b(acme_[a-z0-9]{20})\\b'''",
      'keywords = ["acme_"]',
      'examples.secret = ["key = acme_{{rand:lowernum:20}}", "key = acme_short"]',
      'examples.not = ["acme_{{rand:lowernum:20}}"]',
    ].join('\n');
    expect(errorsOf(text)).toEqual([
      'config .keylint.toml:5: rule[0].examples.secret[1]: is not matched by the rule',
      'config .keylint.toml:6: rule[0].examples.not[0]: is matched by the rule but is listed as a look-alike',
    ]);
  });

  it('compiles a custom rule that finds its examples', () => {
    const config = load(
      [
        '[[rule]]',
        'id = "acme-token"',
        "regex = '''\\b(acme_[a-z0-9]{20})\\b'''",
        'keywords = ["acme_"]',
        'examples.secret = ["key = acme_{{rand:lowernum:20}}"]',
        'examples.not = ["acme_x"]',
      ].join('\n'),
    );
    const text = expandExample('key = acme_{{rand:lowernum:20}}');
    expect(new Scanner(config.rules).scan({ path: 'a.env', text }).map((f) => f.ruleId)).toEqual(['acme-token']);
  });

  it('adds a checksum-validated rule for each issued key prefix', () => {
    const config = load('issuedKeyPrefixes = ["acme"]');
    const scanner = new Scanner(config.rules);
    expect(scanner.scan({ path: 'a.env', text: `K=${expandExample('{{crc32:acme_}}')}` }).map((f) => f.ruleId)).toEqual(['issued-key-acme']);
    expect(scanner.scan({ path: 'a.env', text: `K=acme_${'A'.repeat(36)}` })).toEqual([]);
    expect(errorsOf('issuedKeyPrefixes = ["Acme_"]')).toEqual([expect.stringMatching(/:1: issuedKeyPrefixes\[0\]: 2-16 lower-case/)]);
  });

  it('rejects an issued key prefix whose keys a built-in rule would claim', () => {
    // ghp_ + 30 base62 + CRC-32 is exactly a GitHub token: reports would never reach the revocation service.
    expect(errorsOf('issuedKeyPrefixes = ["acme", "ghp"]')).toEqual([
      expect.stringMatching(/:1: issuedKeyPrefixes\[1\]: "ghp_" keys would be reported as the built-in rule github-pat; choose another prefix$/),
    ]);
  });

  it('reads allowlists, failOn and file options', () => {
    const c = load(
      [
        'failOn = "critical"',
        '[allowlist]',
        'paths = ["fixtures/**"]',
        "regexes = ['^EXAMPLE']",
        'stopwords = ["Dummy"]',
        `fingerprints = ["${'0'.repeat(32)}"]`,
        '[files]',
        'exclude = ["**/*.snap"]',
        'maxFileSize = "1MB"',
      ].join('\n'),
    );
    expect(c.failOn).toBe('critical');
    expect(c.allowlist.stopwords).toEqual(['dummy']);
    expect(c.files).toEqual({ exclude: ['**/*.snap'], maxFileSize: '1MB' });
  });
});

describe('selectRules', () => {
  const builtin = loadBuiltinRules();
  const none = { rules: [], specs: [] };

  it('disables rules by id, id glob and provider', () => {
    const { rules } = selectRules(builtin, none, { disable: ['github-pat', 'aws-*', 'provider:stripe'] });
    const ids = rules.map((r) => r.id);
    expect(ids).not.toContain('github-pat');
    expect(ids.some((id) => id.startsWith('aws-'))).toBe(false);
    expect(rules.some((r) => r.provider === 'Stripe')).toBe(false);
    expect(rules.length).toBeGreaterThan(10);
  });

  it('runs only the enabled built-ins plus every custom rule', () => {
    const custom = load(['[[rule]]', 'id = "acme-token"', "regex = '''acme_[a-z]{20}'''"].join('\n'));
    const { rules } = selectRules(builtin, custom, { enable: ['github-pat'], disable: [] });
    expect(rules.map((r) => r.id)).toEqual(['github-pat', 'acme-token']);
  });

  it('names selectors that match nothing', () => {
    expect(selectRules(builtin, none, { disable: ['githb-pat'] }).unmatched).toEqual([{ key: 'disable', index: 0, selector: 'githb-pat' }]);
  });
});

describe('lineOf', () => {
  const text = [
    'failOn = "secret"',
    '',
    '[[rule]]',
    'id = "a"',
    '',
    '[[rule]]',
    'id = "b"',
    'examples.not = ["x"]',
    '[rule.examples]',
    '[files]',
    'exclude = []',
  ].join('\n');
  it('finds keys at the top, in the nth array table, and in tables', () => {
    expect(lineOf(text, ['failOn'])).toBe(1);
    expect(lineOf(text, ['rule', 1, 'id'])).toBe(7);
    expect(lineOf(text, ['rule', 1, 'examples', 'not', 0])).toBe(8);
    expect(lineOf(text, ['files', 'exclude'])).toBe(11);
  });
});

describe('findConfig', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('walks up from the scan root to the nearest .keylint.toml', () => {
    mkdirSync(join(dir, 'a/b/c'), { recursive: true });
    writeFileSync(join(dir, 'a/.keylint.toml'), '');
    expect(findConfig(join(dir, 'a/b/c'))).toBe(join(dir, 'a/.keylint.toml'));
  });
});
