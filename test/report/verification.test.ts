import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import { REPORTERS } from '../../src/report/index.js';
import { sampleReport } from './helpers.js';

const options = { color: false, showPublishable: true };

/** The sample report with verification results on its findings, as `--verify` leaves them. */
function verifiedReport() {
  const sample = sampleReport();
  const [first, second, ...rest] = sample.report.findings;
  first!.verification = { status: 'verified', detail: 'user: octocat; scopes: repo' };
  second!.verification = { status: 'invalid', detail: 'rejected (HTTP 401)' };
  for (const f of rest) f.verification = { status: 'unknown', detail: 'no check for this rule' };
  return sample;
}

describe('verification in every report', () => {
  it('JSON carries verification: { status, detail } per finding and no raw value', () => {
    const { report, token } = verifiedReport();
    const text = REPORTERS.json!(report, options);
    const json = JSON.parse(text) as { findings: { verification?: unknown }[] };
    expect(json.findings[0]!.verification).toEqual({ status: 'verified', detail: 'user: octocat; scopes: repo' });
    expect(json.findings[1]!.verification).toEqual({ status: 'invalid', detail: 'rejected (HTTP 401)' });
    expect(text).not.toContain(token);
  });

  it('JSON leaves the field out when the run did not verify', () => {
    const json = JSON.parse(REPORTERS.json!(sampleReport().report, options)) as { findings: object[] };
    expect(json.findings.every((f) => !('verification' in f))).toBe(true);
  });

  it('SARIF puts status and detail in result properties and the message', () => {
    const log = JSON.parse(REPORTERS.sarif!(verifiedReport().report, options)) as Log;
    const result = log.runs[0]!.results![0]!;
    expect(result.properties).toMatchObject({ verification: 'verified', verificationDetail: 'user: octocat; scopes: repo' });
    expect(result.message.text).toContain('verified live: user: octocat; scopes: repo');
  });

  it('text shows the answer under the finding and counts live secrets in the summary', () => {
    const text = REPORTERS.text!(verifiedReport().report, options);
    expect(text).toContain('verified live: user: octocat; scopes: repo');
    expect(text).toContain('verified dead (the provider rejected it): rejected (HTTP 401)');
    expect(text).toMatch(/secrets \([^)]*1 verified live\)/);
  });

  it('GitHub annotations title a live secret as verified and say what the provider said', () => {
    const out = REPORTERS.github!(verifiedReport().report, options);
    const first = out.split('\n')[0]!;
    expect(first).toMatch(/title=keylint github-pat%3A verified high secret/);
    expect(first).toContain('verified live: user: octocat');
  });
});
