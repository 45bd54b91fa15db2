import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importGitleaks } from '../../src/config/import-gitleaks.js';
import { parseConfig } from '../../src/config/load-config.js';
import { expandExample, Scanner } from '../../src/engine/index.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/gitleaks/${name}`, import.meta.url), 'utf8');
const examples = JSON.parse(fixture('examples.json')) as Record<string, { path?: string; secret: string[]; not: string[] }>;
const result = importGitleaks(fixture('gitleaks.toml'), 'fixtures/gitleaks/gitleaks.toml');
const config = parseConfig(result.toml, 'imported.toml', '/repo');
const scanner = new Scanner(config.rules);

describe('keylint config import (gitleaks)', () => {
  it('imports the expressible rules into a config that loads cleanly', () => {
    expect(config.rules.map((r) => r.id)).toEqual(['acme-api-token', 'widget-secret', 'corp_hook_url']);
    expect(result.toml).toContain('# gitleaks id: Corp_Hook_URL');
  });

  it('lists what JavaScript cannot express, with the reason', () => {
    expect(result.skipped).toEqual([
      { where: 'rules[3] (lazy-token).regex', reason: 'the (?U) ungreedy flag has no JavaScript equivalent' },
      { where: 'rules[4] (quoted-token).regex', reason: '\\Q...\\E literal quoting has no JavaScript equivalent' },
      { where: 'rules[5] (pkcs12-file)', reason: expect.stringMatching(/path-only rule/) },
    ]);
    expect(result.toml).toMatch(/# {3}rules\[3\] \(lazy-token\)\.regex: the \(\?U\) ungreedy flag/);
  });

  it('carries the global allowlist over (path regexes, regexes, stopwords)', () => {
    expect(config.allowlist.pathRegexes.map((r) => r.source)).toEqual(['(^|\\/)vendor\\/', '\\.lock$']);
    expect(config.allowlist.stopwords).toEqual(['placeholder']);
  });

  describe.each(Object.entries(examples))('%s', (id, ex) => {
    const path = ex.path ?? 'src/example.txt';
    it.each(ex.secret)('finds its example %s', (template) => {
      expect(scanner.scan({ path, text: expandExample(template) }).map((f) => f.ruleId)).toContain(id);
    });
    it.each(ex.not)('ignores the look-alike %s', (template) => {
      expect(scanner.scan({ path, text: expandExample(template) }).filter((f) => f.ruleId === id)).toEqual([]);
    });
  });
});
