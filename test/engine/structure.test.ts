import { describe, expect, it } from 'vitest';
import { structureAt } from '../../src/engine/structure/index.js';

const at = (path: string, text: string, value: string) => structureAt(text, path, text.indexOf(value));

describe('structure around a value', () => {
  it('sees a JS object literal in both directions, with the line that opens it', () => {
    const text = 'const firebaseConfig = {\n  apiKey: "VALUE",\n  authDomain: "demo.firebaseapp.com",\n};\nexport {};';
    const s = at('src/firebase.ts', text, 'VALUE')!;
    expect(s).toMatchObject({ name: 'apiKey', keyPath: ['firebaseConfig', 'apiKey'] });
    expect(s.enclosing).toContain('const firebaseConfig = {');
    expect(s.enclosing).toContain('firebaseapp.com');
    expect(s.enclosing).not.toContain('export');
  });

  it('sees the argument list a value is passed in, with the call that opens it', () => {
    const s = at('a.ts', "export const db = createClient<Db>(\n  'https://x.supabase.co',\n  'VALUE',\n);", 'VALUE')!;
    expect(s.enclosing).toContain('createClient<Db>(');
    expect(at('a.js', "firebase.initializeApp({ apiKey: 'VALUE' });", 'VALUE')?.enclosing).toContain('initializeApp({');
  });

  it('names the variable of a type-annotated declaration, not its type', () => {
    expect(at('a.ts', 'const dbPassword: string = "VALUE";', 'VALUE')?.name).toBe('dbPassword');
    expect(at('a.kt', 'val apiSecret: String = "VALUE"', 'VALUE')?.name).toBe('apiSecret');
  });

  it('gives a value inside a longer string no name of its own, only a key path', () => {
    const s = at('a.ts', 'const url = "postgres://app:VALUE@db/app";', 'VALUE')!;
    expect(s.name).toBeUndefined();
    expect(s.keyPath).toEqual(['url']);
  });

  it('ignores brackets and quotes inside strings and comments', () => {
    const text = "const cfg = {\n  // a comment with { and '\n  note: 'text with } and [',\n  token: 'VALUE',\n  after: 1,\n};";
    const s = at('a.js', text, 'VALUE')!;
    expect(s.name).toBe('token');
    expect(s.enclosing).toContain('after: 1');
  });

  it('walks a JSON key path (google-services.json)', () => {
    const text = '{"client":[{"api_key":[{"current_key":"VALUE"}]}]}';
    expect(at('app/google-services.json', text, 'VALUE')).toMatchObject({ name: 'current_key', keyPath: ['client', 'api_key', 'current_key'] });
  });

  it('reads HCL blocks and skips # comments', () => {
    const text = 'provider "aws" {\n  # don\'t commit this\n  secret_key = "VALUE"\n}\n';
    expect(at('main.tf', text, 'VALUE')).toMatchObject({ name: 'secret_key', keyPath: ['provider', 'secret_key'] });
  });

  it('reads YAML by indentation, with the sibling keys after the value', () => {
    const text = 'kind: Secret\nstringData:\n  password: VALUE\n  username: app\nmetadata:\n  name: db\n';
    const s = at('k8s/secret.yaml', text, 'VALUE')!;
    expect(s).toMatchObject({ name: 'password', keyPath: ['stringData', 'password'] });
    expect(s.enclosing).toContain('username: app');
    expect(s.enclosing).not.toContain('metadata');
  });

  it('names an Android string resource and a manifest meta-data value by their name attribute', () => {
    const res = '<resources>\n  <string name="google_api_key" translatable="false">VALUE</string>\n  <string name="project_id">p</string>\n</resources>';
    expect(at('res/values/strings.xml', res, 'VALUE')).toMatchObject({ name: 'google_api_key', keyPath: ['resources', 'google_api_key'] });
    const manifest = '<application>\n  <meta-data android:name="com.google.android.geo.API_KEY" android:value="VALUE"/>\n</application>';
    expect(at('AndroidManifest.xml', manifest, 'VALUE')?.name).toBe('com.google.android.geo.API_KEY');
  });

  it('names a plist value by the <key> before it and sees the whole dict', () => {
    const plist = '<plist><dict>\n<key>API_KEY</key>\n<string>VALUE</string>\n<key>GOOGLE_APP_ID</key>\n<string>1:2:ios:3</string>\n</dict></plist>';
    const s = at('GoogleService-Info.plist', plist, 'VALUE')!;
    expect(s.name).toBe('API_KEY');
    expect(s.enclosing).toContain('GOOGLE_APP_ID');
  });

  it('reads .env, INI sections and Dockerfile ENV lines', () => {
    expect(at('.env.production', 'A=1\nexport API_TOKEN=VALUE\nB=2\n', 'VALUE')).toMatchObject({
      name: 'API_TOKEN',
      enclosing: 'A=1\nexport API_TOKEN=VALUE\nB=2',
    });
    const ini = '[client]\nuser=a\n[mysql]\npassword=VALUE\nhost=db\n[other]\nx=1\n';
    const s = at('my.ini', ini, 'VALUE')!;
    expect(s).toMatchObject({ name: 'password', keyPath: ['mysql', 'password'] });
    expect(s.enclosing).toBe('[mysql]\npassword=VALUE\nhost=db');
    expect(at('Dockerfile', 'FROM node:20\nENV NPM_TOKEN VALUE\n', 'VALUE')?.name).toBe('NPM_TOKEN');
  });

  it('takes the paragraph of an env file as the group a setting belongs to', () => {
    const env = '# Firebase\nVITE_FIREBASE_API_KEY=ONE\nVITE_FIREBASE_AUTH_DOMAIN=demo.firebaseapp.com\n\n# AI\nGEMINI_API_KEY=VALUE\nGEMINI_MODEL=pro\n';
    expect(at('.env', env, 'VALUE')?.enclosing).toBe('# AI\nGEMINI_API_KEY=VALUE\nGEMINI_MODEL=pro');
    expect(at('.env', env, 'ONE')?.enclosing).toBe('# Firebase\nVITE_FIREBASE_API_KEY=ONE\nVITE_FIREBASE_AUTH_DOMAIN=demo.firebaseapp.com');
  });

  it('ends on files that start with blank lines', () => {
    expect(at('b.env', '\n\nT=VALUE\n', 'VALUE')).toMatchObject({ name: 'T', enclosing: 'T=VALUE' });
    expect(at('c.yaml', '\n\n  token: VALUE\n', 'VALUE')?.name).toBe('token');
  });

  it('knows nothing about files no scanner fits, so callers fall back to the line', () => {
    expect(at('notes.txt', 'token VALUE', 'VALUE')).toBeUndefined();
  });

  it('stays cheap and bounded on a minified one-line bundle', () => {
    const text = `!function(){var a={${'x:"y",'.repeat(20000)}k:"VALUE"}}();`;
    const s = at('dist/app.min.js', text, 'VALUE')!;
    expect(s.name).toBe('k');
    // The object is larger than any config object: too broad to classify by.
    expect(s.enclosing).toBeUndefined();
  });
});
