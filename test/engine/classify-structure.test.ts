import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load-rules.js';
import { expandExample, Scanner } from '../../src/engine/index.js';

const scanner = new Scanner(loadBuiltinRules().rules);
const scan = (text: string, path: string) => scanner.scan({ path, text: expandExample(text) });

describe('classification from the file structure', () => {
  it('calls a Firebase apiKey publishable when the markers come after it, and says to restrict it', () => {
    const [f] = scan(
      "export const environment = {\n  firebase: {\n    apiKey: 'AIza{{rand:b64url:35}}',\n    authDomain: 'demo-1.firebaseapp.com',\n  },\n};",
      'src/environments/environment.ts',
    );
    expect(f).toMatchObject({ kind: 'publishable', name: 'apiKey' });
    expect(f!.reason).toMatch(/restricted/);
  });

  it('calls google_api_key publishable in Android XML resources but a secret in server Terraform or YAML', () => {
    const xml = '<resources>\n  <string name="google_api_key" translatable="false">AIza{{rand:b64url:35}}</string>\n</resources>\n';
    expect(scan(xml, 'app/src/main/res/values/strings.xml')[0]).toMatchObject({ kind: 'publishable' });
    expect(scan('  google_api_key = "AIza{{rand:b64url:35}}"\n', 'infra/config.tf')[0]).toMatchObject({ kind: 'secret' });
    expect(scan('  google_api_key: AIza{{rand:b64url:35}}\n', 'deploy/config.yaml')[0]).toMatchObject({ kind: 'secret' });
  });

  it('keeps a Google key secret in server code with no client markers around it', () => {
    const [f] = scan("const client = new Gemini({\n  apiKey: 'AIza{{rand:b64url:35}}',\n  model: 'gemini-pro',\n});", 'server/ai.ts');
    expect(f).toMatchObject({ kind: 'secret' });
  });

  it('keeps a Gemini key secret a few lines below a Firebase config: the object decides, not the window', () => {
    const ts =
      "const firebaseConfig = {\n  apiKey: 'AIza{{rand:b64url:35}}',\n  authDomain: 'demo-1.firebaseapp.com',\n};\ninitializeApp(firebaseConfig);\n\nconst genAI = new GoogleGenerativeAI('AIza{{rand:b64url:35}}');\n";
    expect(scan(ts, 'src/lib/clients.ts').map((f) => f.kind)).toEqual(['publishable', 'secret']);
    const env =
      '# Firebase\nVITE_FIREBASE_API_KEY=AIza{{rand:b64url:35}}\nVITE_FIREBASE_AUTH_DOMAIN=demo-1.firebaseapp.com\n\n# AI\nGEMINI_API_KEY=AIza{{rand:b64url:35}}\n';
    expect(scan(env, '.env').map((f) => f.kind)).toEqual(['publishable', 'secret']);
  });

  it('reads data files by their structure alone: a sibling mapping is not context', () => {
    const yaml = 'firebase:\n  api_key: AIza{{rand:b64url:35}}\n  auth_domain: demo-1.firebaseapp.com\ngoogle:\n  gemini_key: AIza{{rand:b64url:35}}\n';
    expect(scan(yaml, 'config/app.yaml').map((f) => f.kind)).toEqual(['publishable', 'secret']);
    const expo =
      '{\n  "expo": {\n    "android": {\n      "config": {\n        "googleMaps": {\n          "apiKey": "AIza{{rand:b64url:35}}"\n        }\n      }\n    }\n  }\n}';
    expect(scan(expo, 'app.json')[0]).toMatchObject({ kind: 'publishable' });
  });

  it('calls Google keys in Android resources and GoogleService-Info.plist publishable', () => {
    const [res] = scan('<resources>\n  <string name="google_maps_key">AIza{{rand:b64url:35}}</string>\n</resources>', 'app/src/main/res/values/strings.xml');
    expect(res).toMatchObject({ kind: 'publishable', name: 'google_maps_key' });
    expect(res!.reason).toMatch(/Android app/);
    const [plist] = scan(
      '<dict>\n<key>API_KEY</key>\n<string>AIza{{rand:b64url:35}}</string>\n<key>GOOGLE_APP_ID</key>\n<string>1:1:ios:ab</string>\n</dict>',
      'ios/Runner/GoogleService-Info.plist',
    );
    expect(plist).toMatchObject({ kind: 'publishable', name: 'API_KEY' });
    expect(plist!.reason).toMatch(/bundle id/);
  });

  it('reads Firebase markers in named arguments (Flutter firebase_options.dart) and builder chains', () => {
    const dart =
      "static const FirebaseOptions android = FirebaseOptions(\n  apiKey: 'AIza{{rand:b64url:35}}',\n  appId: '1:123456789012:android:0a1b2c3d4e5f',\n  projectId: 'demo-1',\n);";
    expect(scan(dart, 'lib/firebase_options.dart')[0]).toMatchObject({ kind: 'publishable' });
    const kotlin =
      'val options = FirebaseOptions.Builder()\n    .setApiKey("AIza{{rand:b64url:35}}")\n    .setApplicationId("1:123456789012:android:0a1b2c3d4e5f")\n    .build()';
    expect(scan(kotlin, 'app/src/main/java/App.kt')[0]).toMatchObject({ kind: 'publishable' });
  });

  it('calls keys given to browser Maps loaders and mobile Maps/Places SDKs publishable', () => {
    const loader =
      "import { Loader } from '@googlemaps/js-api-loader';\n\nconst loader = new Loader({\n  apiKey: 'AIza{{rand:b64url:35}}',\n  version: 'weekly',\n});";
    expect(scan(loader, 'src/map.ts')[0]).toMatchObject({ kind: 'publishable' });
    expect(scan('GMSServices.provideAPIKey("AIza{{rand:b64url:35}}")', 'ios/Runner/AppDelegate.swift')[0]).toMatchObject({ kind: 'publishable' });
    expect(scan('resValue "string", "google_maps_key", "AIza{{rand:b64url:35}}"', 'app/build.gradle')[0]).toMatchObject({ kind: 'publishable' });
    expect(scan('buildConfigField "String", "GEMINI_API_KEY", "\\"AIza{{rand:b64url:35}}\\""', 'app/build.gradle')[0]).toMatchObject({ kind: 'secret' });
  });

  it('reads code fenced in Markdown, where backticks fence code instead of quoting strings', () => {
    const md =
      '# Setup\n\nDon\'t skip this step:\n\n```js\nconst config = {\n  apiKey: "AIza{{rand:b64url:35}}",\n  authDomain: "demo-1.firebaseapp.com",\n};\n```\n';
    expect(scan(md, 'README.md')[0]).toMatchObject({ kind: 'publishable' });
  });

  it('reads a Python dict passed to a Firebase client library', () => {
    const py =
      'import pyrebase\n\n# client config for the web app\nconfig = {\n    "apiKey": "AIza{{rand:b64url:35}}",\n    "authDomain": "demo-1.firebaseapp.com",\n    "databaseURL": "https://demo-1.firebaseio.com",\n}\nfirebase = pyrebase.initialize_app(config)\n';
    expect(scan(py, 'app/firebase_client.py')[0]).toMatchObject({ kind: 'publishable', name: 'apiKey' });
  });

  it('calls Firebase and browser Maps keys publishable by their names, and a plain Maps key on a server secret', () => {
    expect(scan('VITE_FIREBASE_API_KEY=AIza{{rand:b64url:35}}\n', '.env')[0]).toMatchObject({ kind: 'publishable' });
    expect(scan('NEXT_PUBLIC_GOOGLE_MAPS_API_KEY=AIza{{rand:b64url:35}}\n', '.env.local')[0]).toMatchObject({ kind: 'publishable' });
    expect(scan('GOOGLE_MAPS_API_KEY=AIza{{rand:b64url:35}}\n', 'server/.env')[0]).toMatchObject({ kind: 'secret' });
  });

  it('classifies a Supabase JWT by role whatever the claim order', () => {
    const [anon] = scan('const key = "{{jwt:{"role":"anon","iss":"supabase","ref":"abcdefghijklmnopqrst"}}}";', 'src/db.ts');
    expect(anon).toMatchObject({ kind: 'publishable' });
    const [admin] = scan('const key = "{{jwt:{"ref":"abcdefghijklmnopqrst","role":"service_role","iss":"supabase"}}}";', 'src/db.ts');
    expect(admin).toMatchObject({ kind: 'secret', severity: 'critical' });
  });

  it('drops supabase-demo local-development keys as documentation tokens', () => {
    expect(scan('SERVICE_ROLE_KEY={{jwt:{"iss":"supabase-demo","role":"service_role","exp":1983812996}}}', '.env')).toEqual([]);
  });

  it('calls a generic match under a ...PUBLISHABLE... name publishable, but a provider secret stays critical under a browser name', () => {
    const [jwtPub] = scan('NEXT_PUBLIC_AUTH_PUBLISHABLE_KEY={{jwt:{"sub":"app-1","aud":"web","iat":1700000000}}}', '.env');
    expect(jwtPub).toMatchObject({ kind: 'publishable' });
    const [exposed] = scan('NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY=sk_live_{{rand:base62:40}}', '.env');
    expect(exposed).toMatchObject({ kind: 'secret', severity: 'critical' });
  });
});
