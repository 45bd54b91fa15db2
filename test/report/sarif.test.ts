import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { FINGERPRINT_KEY, sarifReporter } from '../../src/report/sarif.js';
import { tempDir } from '../helpers/cli.js';
import { reportOf, sampleReport } from './helpers.js';

// The SARIF 2.1.0 schema and validator as Microsoft's sarif-sdk ships them in the
// @microsoft/sarif-multitool npm package (devDependency; its Linux build carries both).
const require = createRequire(import.meta.url);
const multitoolDir = (() => {
  try {
    return join(require.resolve('@microsoft/sarif-multitool-linux/package.json'), '..');
  } catch {
    return undefined;
  }
})();
const schemaPath = multitoolDir && join(multitoolDir, 'sarif-2.1.0.json');
const multitool = multitoolDir && join(multitoolDir, 'Sarif.Multitool');
const runnable = (path: string | undefined) => {
  try {
    accessSync(path!, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
if (!schemaPath || !existsSync(schemaPath))
  console.warn('sarif.test: @microsoft/sarif-multitool-linux is not installed (non-Linux host?); schema validation is skipped');
if (!runnable(multitool)) console.warn('sarif.test: the SARIF multitool binary is missing or not executable; its validate check is skipped');

const options = { color: false, showPublishable: false };
const render = (report = sampleReport().report) => JSON.parse(sarifReporter(report, options)) as Log;

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('sarif reporter', () => {
  it.skipIf(!schemaPath || !existsSync(schemaPath))('validates against the SARIF 2.1.0 JSON schema (ajv)', () => {
    const schema = JSON.parse(readFileSync(schemaPath!, 'utf8'));
    // The sarif-sdk copy of the schema declares JSON Schema 2020-12, hence Ajv2020.
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    for (const report of [sampleReport().report, reportOf([])]) {
      const ok = validate(render(report));
      expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
      expect(ok).toBe(true);
    }
    // The validator is not vacuous: a result without a message is rejected.
    const broken = render();
    delete (broken.runs[0]!.results![0] as { message?: unknown }).message;
    expect(validate(broken)).toBe(false);
  });

  it.skipIf(!runnable(multitool))('passes the SARIF multitool validate command with no errors', () => {
    const input = join(tmp.dir, 'keylint.sarif');
    const output = join(tmp.dir, 'validation.sarif');
    writeFileSync(input, sarifReporter(sampleReport().report, options));
    execFileSync(multitool!, ['validate', input, '--output', output, '--log', 'ForceOverwrite'], { stdio: 'pipe', timeout: 60_000 });
    const results = (JSON.parse(readFileSync(output, 'utf8')) as Log).runs[0]!.results ?? [];
    const errors = results.filter((r) => r.level === 'error').map((r) => `${r.ruleId} ${JSON.stringify(r.message.arguments)}`);
    expect(errors).toEqual([]);
  });

  it('describes each rule that fired once, with help text, help URI and security-severity', () => {
    const log = render();
    const rules = log.runs[0]!.tool.driver.rules!;
    expect(rules.map((r) => r.id)).toEqual(['github-pat', 'stripe-publishable-key']);
    const pat = rules[0]!;
    expect(pat.helpUri).toMatch(/^https:\/\/github\.com\//);
    expect(pat.help!.text).toMatch(/Revoke or rotate/);
    expect(pat.shortDescription!.text).toMatch(/^GitHub personal access token/);
    expect(pat.defaultConfiguration!.level).toBe('error');
    expect(pat.properties!['security-severity']).toMatch(/^\d+\.\d$/);
    expect(pat.properties!.tags).toContain('security');
    expect(rules[1]!.defaultConfiguration!.level).toBe('note');
    expect(Number(rules[1]!.properties!['security-severity'])).toBeLessThan(4);
  });

  it('gives secrets level error and publishable keys level note, each pointing at its rule', () => {
    const log = render();
    const results = log.runs[0]!.results!;
    const rules = log.runs[0]!.tool.driver.rules!;
    for (const r of results) expect(rules[r.ruleIndex!]!.id).toBe(r.ruleId);
    expect(results.filter((r) => r.ruleId === 'github-pat').map((r) => r.level)).toEqual(['error', 'error', 'error']);
    expect(results.find((r) => r.ruleId === 'stripe-publishable-key')!.level).toBe('note');
  });

  it('places results precisely: 1-based UTF-16 columns with an exclusive end column', () => {
    const { report, token } = sampleReport();
    const result = render(report).runs[0]!.results![0]!;
    const line = `const label = "😀"; const token = "${token}";`;
    const start = line.indexOf(token) + 1; // indexOf counts UTF-16 units: the emoji is two
    expect(result.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'src/config.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2, startColumn: start, endLine: 2, endColumn: start + token.length },
    });
    expect(render(report).runs[0]!.columnKind).toBe('utf16CodeUnits');
  });

  it('percent-encodes paths into URI references', () => {
    const uris = render().runs[0]!.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri);
    expect(uris).toContain('odd%20dir/a%2Cb%20%22c%22%20%3Cd%3E%3Ae%25f.env');
  });

  it('fingerprints results by the finding fingerprint, the same wherever the secret sits', () => {
    const { report } = sampleReport();
    const results = render(report).runs[0]!.results!;
    const pats = results.filter((r) => r.ruleId === 'github-pat').map((r) => r.partialFingerprints![FINGERPRINT_KEY]);
    expect(pats[0]).toBe(report.findings[0]!.fingerprint);
    expect(new Set(pats).size).toBe(1);
  });

  it('carries commit facts of history findings in properties', () => {
    const history = render().runs[0]!.results!.find((r) => r.properties?.commit)!;
    expect(history.properties).toMatchObject({ commit: 'a'.repeat(40), author: 'Dev, "Q" <x>', date: '2024-05-01T10:00:00Z', inHead: false });
    expect(history.message.text).toMatch(/commit aaaaaaaaaaaa by Dev/);
  });

  it('writes an empty but valid run when nothing is found', () => {
    const log = render(reportOf([]));
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]!.results).toEqual([]);
    expect(log.runs[0]!.tool.driver.rules).toEqual([]);
  });
});
