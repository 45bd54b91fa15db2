import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load-rules.js';
import { isTestPath } from '../../src/engine/context.js';
import { expandExample, Scanner } from '../../src/engine/index.js';

const scanner = new Scanner(loadBuiltinRules().rules);
const one = (text: string, path = 'src/app.ts') => {
  const found = scanner.scan({ path, text });
  expect(found, text).toHaveLength(1);
  return found[0]!;
};

describe('publishable vs secret', () => {
  it('calls a Stripe pk_live_ key publishable and an sk_live_ key a critical secret', () => {
    expect(one(`const stripeKey = "pk_live_${expandExample('{{rand:base62:40}}')}";`)).toMatchObject({ kind: 'publishable', severity: 'info' });
    expect(one(`const s = "sk_live_${expandExample('{{rand:base62:40}}')}";`)).toMatchObject({ kind: 'secret', severity: 'critical' });
  });

  it('tells a Supabase anon JWT from a service_role JWT by the role claim', () => {
    const anon = expandExample('{{jwt:{"iss":"supabase","ref":"abcdefghijklmnopqrst","role":"anon"}}}');
    const service = expandExample('{{jwt:{"iss":"supabase","ref":"abcdefghijklmnopqrst","role":"service_role"}}}');
    expect(one(`SUPABASE_ANON_KEY=${anon}`, '.env')).toMatchObject({ ruleId: 'supabase-jwt', kind: 'publishable' });
    const f = one(`SUPABASE_KEY=${service}`, '.env');
    expect(f).toMatchObject({ ruleId: 'supabase-jwt', kind: 'secret', severity: 'critical' });
    expect(f.reason).toMatch(/row-level security/);
  });

  it('calls a Google API key publishable inside a firebaseConfig object and secret in server code', () => {
    const key = expandExample('AIza{{rand:b64url:35}}');
    const fb = one(`const firebaseConfig = {\n  apiKey: "${key}",\n  projectId: "demo",\n};`, 'web/src/firebase.ts');
    expect(fb).toMatchObject({ kind: 'publishable' });
    expect(fb.reason).toMatch(/Firebase/);
    expect(one(`GEMINI_API_KEY = "${key}"`, 'server/ai.py')).toMatchObject({ kind: 'secret' });
  });

  it('calls a Google key in a Maps <script> URL publishable', () => {
    const key = expandExample('AIza{{rand:b64url:35}}');
    expect(one(`<script src="https://maps.googleapis.com/maps/api/js?key=${key}"></script>`, 'public/index.html')).toMatchObject({ kind: 'publishable' });
  });

  it('classifies Algolia keys by the name they are assigned to', () => {
    const key = expandExample('{{rand:hex:32}}');
    expect(one(`ALGOLIA_SEARCH_KEY=${key}`, '.env').kind).toBe('publishable');
    expect(one(`ALGOLIA_ADMIN_KEY=${key}`, '.env').kind).toBe('secret');
  });

  it('escalates a secret under a browser-exposed name to critical and says why', () => {
    const token = expandExample('{{crc32:ghp_}}');
    const f = one(`NEXT_PUBLIC_GITHUB_TOKEN=${token}`, '.env.local');
    expect(f).toMatchObject({ kind: 'secret', severity: 'critical' });
    expect(f.reason).toMatch(/NEXT_PUBLIC_.*browser/);
    for (const name of ['VITE_GH', 'REACT_APP_GH', 'EXPO_PUBLIC_GH']) expect(one(`${name}=${token}`, '.env').severity).toBe('critical');
  });

  it('escalates a secret in a "use client" module and under public/', () => {
    const token = expandExample('{{crc32:ghp_}}');
    expect(one(`'use client';\nconst t = "${token}";`, 'app/page.tsx').reason).toMatch(/use client/);
    expect(one(`const t = "${token}";`, 'site/public/app.js').severity).toBe('critical');
  });

  it('flags a publishable key pasted where a secret was expected', () => {
    const f = one(`STRIPE_SECRET_KEY=pk_live_${expandExample('{{rand:base62:40}}')}`, '.env');
    expect(f).toMatchObject({ kind: 'publishable', severity: 'low' });
    expect(f.reason).toMatch(/wrong key/);
  });

  it('keeps a publishable key under a public name as plain information', () => {
    expect(one(`NEXT_PUBLIC_STRIPE_KEY=pk_live_${expandExample('{{rand:base62:40}}')}`, '.env')).toMatchObject({ kind: 'publishable', severity: 'info' });
  });
});

describe('isTestPath (findings there are reported with confidence low)', () => {
  it.each(['test/a.ts', 'src/__tests__/x.js', 'pkg/fixtures/k.pem', 'src/app.spec.ts', 'docs/examples/a.md', 'data/iam/examples-1.json', 'sample.env'])(
    '%s is',
    (p) => {
      expect(isTestPath(p)).toBe(true);
    },
  );

  it.each(['src/app.ts', '.env', '.env.example', 'config/production.json', 'src/latest/a.ts', 'src/contest.ts'])('%s is not', (p) => {
    expect(isTestPath(p)).toBe(false);
  });
});
