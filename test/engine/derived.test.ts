import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load-rules.js';
import { expandExample, Scanner } from '../../src/engine/index.js';

const scanner = new Scanner(loadBuiltinRules().rules);

describe('Kubernetes Secret manifests', () => {
  it('decodes data: values and reports what they hold at the manifest line', () => {
    const token = expandExample('{{crc32:ghp_}}');
    const password = expandExample('{{rand:base62:24}}');
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'data:',
      `  token: ${b64(token)}`,
      '---',
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: app',
      'type: Opaque',
      'data:',
      `  github-token: ${b64(token)}`,
      `  db_password: ${b64(password)}`,
      `  replicas: ${b64('3')}`,
      '',
    ].join('\n');
    const found = scanner.scan({ path: 'k8s/secret.yaml', text });
    expect(found.map((f) => [f.ruleId, f.line])).toEqual([
      // The ConfigMap's value is not a Secret's data, but the general decoder still finds what it hides.
      ['github-pat', 4],
      ['github-pat', 12],
      ['generic-secret-config', 13],
    ]);
    expect(found[1]!.column).toBe(17);
    expect(found[1]!.reason).toMatch(/data\.github-token/);
    expect(found[1]!.redacted).toBe('ghp_…(40)');
    expect(found[0]!.decoded).toBe('base64');
    expect(found[0]!.reason).not.toMatch(/Kubernetes Secret/);
  });

  it('reports a Secret data value once, with the manifest note, not again through the general decoder', () => {
    const text = `kind: Secret\ndata:\n  token: ${Buffer.from(expandExample('{{crc32:ghp_}}')).toString('base64')}\n`;
    const found = scanner.scan({ path: 's.yaml', text });
    expect(found.map((f) => f.ruleId)).toEqual(['github-pat']);
    expect(found[0]!.reason).toMatch(/Kubernetes Secret/);
  });
});

describe('Jupyter notebooks', () => {
  it('reports a secret inside an escaped cell source at the notebook line', () => {
    const password = expandExample('{{rand:base62:22}}');
    const nb = JSON.stringify({ cells: [{ cell_type: 'code', source: ['import db\n', `db_password = "${password}"\n`] }] }, null, 1);
    const found = scanner.scan({ path: 'analysis.ipynb', text: nb });
    expect(found).toHaveLength(1);
    const line = nb.split('\n').findIndex((l) => l.includes('db_password')) + 1;
    expect(found[0]).toMatchObject({ ruleId: 'generic-secret-assignment', line });
    expect(nb.slice(found[0]!.start, found[0]!.end)).toBe(password);
  });
});
