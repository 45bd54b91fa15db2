import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load-rules.js';
import { locateFinding, restoreFinding } from '../../src/engine/finding-location.js';
import { expandExample, Scanner } from '../../src/engine/index.js';

const scanner = new Scanner(loadBuiltinRules().rules);

describe('finding locations (what the history cache keeps)', () => {
  it('restore a finding exactly as the scanner reported it, secret included', () => {
    const chunk = {
      path: 'config/app.env',
      text: `# app\nGITHUB_TOKEN=${expandExample('{{crc32:ghp_}}')}\nNEXT_PUBLIC_STRIPE_KEY=${expandExample('sk_live_{{rand:base62:24}}')}\n`,
    };
    const findings = scanner.scan(chunk);
    expect(findings).toHaveLength(2);
    for (const f of findings) {
      const location = locateFinding(f, chunk)!;
      expect(JSON.stringify(location)).not.toContain(f.secret.slice(0, 4));
      const restored = restoreFinding(location, chunk);
      expect(restored).toEqual(f);
      expect(restored.secret).toBe(f.secret);
      expect(Object.keys(restored)).not.toContain('secret');
    }
  });

  it('are not kept for a value decoded from the text (a Kubernetes Secret), which is scanned again instead', () => {
    const token = expandExample('{{crc32:ghp_}}');
    const text = ['apiVersion: v1', 'kind: Secret', 'metadata:', '  name: app', 'data:', `  token: ${Buffer.from(token).toString('base64')}`, ''].join('\n');
    const chunk = { path: 'k8s/secret.yaml', text };
    const [f] = scanner.scan(chunk);
    expect(f?.secret).toBe(token);
    expect(locateFinding(f!, chunk)).toBeUndefined();
  });
});
