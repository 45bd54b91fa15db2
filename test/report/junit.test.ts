import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { junitReporter } from '../../src/report/junit.js';
import { reportOf, sampleReport } from './helpers.js';

const options = { color: false, showPublishable: false };
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) });

interface Case {
  name: string;
  classname: string;
  file: string;
  line: string;
  failure?: { message: string; type: string; '#text': string };
  'system-out'?: string;
}
interface Suite {
  name: string;
  tests: string;
  failures: string;
  testcase: Case[];
}

function parse(xml: string): { testsuites: { tests: string; failures: string; testsuite: Suite[] } } {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml);
}

describe('junit reporter', () => {
  it('parses back into one suite per file and one case per finding', () => {
    const { report } = sampleReport();
    const doc = parse(junitReporter(report, options));
    const suites = doc.testsuites.testsuite;
    expect(suites.map((s) => s.name)).toEqual(['src/config.ts', 'web/.env', 'odd dir/a,b "c" <d>:e%f.env', 'old/secrets.env']);
    expect(doc.testsuites.tests).toBe(String(report.findings.length));
    expect(doc.testsuites.failures).toBe('3');
    const first = suites[0]!.testcase[0]!;
    expect(first).toMatchObject({ classname: 'src/config.ts', file: 'src/config.ts', line: '2' });
    expect(first.name).toMatch(/^github-pat at 2:\d+$/);
    expect(first.failure).toMatchObject({ type: 'github-pat' });
    expect(first.failure!['#text']).toContain('src/config.ts:2:');
  });

  it('lets publishable keys pass, with their reason in system-out', () => {
    const suite = parse(junitReporter(sampleReport().report, options)).testsuites.testsuite.find((s) => s.name === 'web/.env')!;
    expect(suite.failures).toBe('0');
    expect(suite.testcase[0]!.failure).toBeUndefined();
    expect(suite.testcase[0]!['system-out']).toMatch(/publishable/);
  });

  it('escapes markup in paths and authors so the XML stays well-formed', () => {
    const xml = junitReporter(sampleReport().report, options);
    expect(xml).toContain('name="odd dir/a,b &quot;c&quot; &lt;d&gt;:e%f.env"');
    const history = parse(xml).testsuites.testsuite.find((s) => s.name === 'old/secrets.env')!.testcase[0]!;
    expect(history.failure!['#text']).toContain('commit aaaaaaaaaaaa by Dev, "Q" <x>');
  });

  it('records a clean run as one passing case', () => {
    const doc = parse(junitReporter(reportOf([], 7), options));
    expect(doc.testsuites.tests).toBe('1');
    expect(doc.testsuites.failures).toBe('0');
    expect(doc.testsuites.testsuite[0]!.testcase[0]!.name).toBe('no secrets in 7 files');
  });
});
