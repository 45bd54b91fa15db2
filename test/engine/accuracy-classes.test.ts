import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load-rules.js';
import { expandExample, Scanner } from '../../src/engine/index.js';
import { nkeySeed } from '../../src/engine/validators/nkey.js';
import { weakLooking } from '../../src/engine/confidence.js';

const scanner = new Scanner(loadBuiltinRules().rules);
const scan = (path: string, text: string) =>
  scanner.scan({ path, text }).map((f) => ({ rule: f.ruleId, line: f.line, kind: f.kind, confidence: f.confidence }));
const random = (n = 24) => expandExample(`{{rand:base62:${n}}}`);

describe('generic false-alarm classes', () => {
  it.each([
    [
      'a dependency name in a lockfile',
      'package-lock.json',
      `"node_modules/x": { "dependencies": { "@aws-sdk/credential-provider-node": "^3.${random(6)}" } }`,
    ],
    ['a version range under a credential-named package', 'package.json', '"@aws-sdk/credential-provider-node": "^3.1693.17-beta.4",'],
    ['a pagination token', 'src/list.ts', `const nextToken = "${random(32)}";`],
    ['a continuation token in a JSON response', 'src/resp.json', `{"NextContinuationToken": "${random(40)}"}`],
    ['a resume token', 'src/stream.ts', `resumeToken: "${random(30)}",`],
    ['an env() reference', 'config/app.yml', 'db_password: env(DB_PASSWORD_FROM_VAULT)'],
    ['an env() reference in a commented-out line', 'config/app.yml', '# api_key: env(API_KEY_PRODUCTION_X)'],
    ['a redaction marker', 'src/log.ts', 'password: "[Filtered]",'],
    ['a bracketed name standing in for a value', 'src/doc.ts', '"PASSWORD_CLAIM_SIGNATURE": "[claim_signature]",'],
    ['a namespaced type string', 'src/types.ts', 'VerifyCustomToken = "identitytoolkit#VerifyCustomTokenResponse",'],
    [
      'a property access in an Authorization header',
      'dist/client.js',
      'headers:{Authorization:"Bearer "+e,"X-Api-Key":e.options.apiKey,"Api-Key":this.supabaseKey}',
    ],
    ['a method name', 'src/api.ts', "const EXCHANGE_TOKEN_METHOD = 'exchangeRecaptchaV3Token';"],
    ['a value that repeats its key', 'src/api.ts', ' * // "idToken": "my_idToken",'],
    ['a header name under a constant', 'src/imds.ts', 'const X_AWS_EC2_METADATA_TOKEN = "x-aws-ec2-metadata-token";'],
    ['the gap between two concatenated strings', 'src/page.js', 'url = "/api?token="+a.value+"&page=2";'],
    ['code captured between two string literals', 'dist/app.min.js', 'this.log_("Failed to get token: "+e),o||(this.repo.nodeAdmin&&warn(e),close())'],
    ['a JMESPath query', 'apis/x.paginators.json', '"output_token": "StreamDescription.Shards[-1].ShardId",'],
    ['an HTML fragment', 'src/view.ts', `const tokenHtml = "<span>${random(12)}</span>";`],
    ['base64 of plain words', 'src/a.ts', `const secret = "${Buffer.from('this is only a plain test sentence').toString('base64')}";`],
  ])('ignores %s', (_label, path, text) => {
    expect(scan(path, text)).toEqual([]);
  });

  it('still reports a random value under a credential name next to those classes', () => {
    expect(scan('src/settings.ts', `const apiSecret = "${random(28)}";`)).toEqual([
      { rule: 'generic-secret-assignment', line: 1, kind: 'secret', confidence: 'medium' },
    ]);
  });
});

describe('confidence', () => {
  const secret = () => `const apiSecret = "${random(28)}";`;

  it.each([
    ['an end-to-end test folder', 'e2e/app/settings.ts'],
    ['a test application', 'packages/test-app/src/settings.ts'],
    ['a *-tests folder', 'sdk-integration-tests/settings.ts'],
    ['an API example file', 'apis/s3.examples.json'],
    ['a file named test.js', 'url/test.js'],
  ])('is low in %s', (_label, path) => {
    expect(scan(path, secret()).map((f) => f.confidence)).toEqual(['low']);
  });

  it('is low for a generic match in prose documentation, high for a provider format there', () => {
    expect(scan('README.md', `\`\`\`js\n${secret()}\n\`\`\``).map((f) => f.confidence)).toEqual(['low']);
    expect(scan('README.md', `token: ${expandExample('{{crc32:ghp_}}')}`).map((f) => f.confidence)).toEqual(['high']);
  });

  it('is low under a "For example" doc comment', () => {
    expect(scan('src/client.ts', `/**\n * For example:\n */\n${secret()}`).map((f) => f.confidence)).toEqual(['low']);
  });

  it('is low for a weak hard-coded password in CI config, and medium for a random one', () => {
    expect(scan('.gitlab-ci.yml', 'variables:\n  DB_PASSWORD: "hunter22"\n').map((f) => f.confidence)).toEqual(['low']);
    expect(scan('.gitlab-ci.yml', `variables:\n  DB_PASSWORD: "${random(20)}"\n`).map((f) => f.confidence)).toEqual(['medium']);
  });

  it('reads words with digits, symbols or leetspeak as weak, generated values as not', () => {
    expect(['hunter22', 'Summer2024!', 'rapunz3l', 'admin_123', 'abc123'].filter(weakLooking)).toHaveLength(5);
    expect([random(16), random(24), 'Xk9fQ2mLp4Rt7vWz'].some(weakLooking)).toBe(false);
  });
});

describe('structure the rules cannot see on their own', () => {
  it('reports every stringData value of a Kubernetes Secret, whatever its key', () => {
    const text = ['apiVersion: v1', 'kind: Secret', 'metadata:', '  name: app', 'stringData:', `  api: "${random(20)}"`, '  username: admin', ''].join('\n');
    expect(scan('k8s/app-secret.yaml', text)).toEqual([{ rule: 'generic-secret-config', line: 6, kind: 'secret', confidence: 'medium' }]);
  });

  it('reports a token inside a JSON-encoded string of a recorded HTTP response, at its line', () => {
    const token = random(32);
    const text = `{"response":{"body":{"string":"{\\"access_token\\":\\"${token}\\",\\"token_type\\":\\"bearer\\"}"}}}\n`;
    const found = scanner.scan({ path: 'recordings/login.json', text });
    expect(found.map((f) => [f.ruleId, f.line, f.confidence])).toEqual([['generic-secret-assignment', 1, 'medium']]);
    // Reported at the encoded string that holds it.
    expect(text.slice(found[0]!.start, found[0]!.end)).toContain(token);
  });
});

describe('nkey-seed validator', () => {
  it('accepts a seed whose CRC-16 matches and rejects one with a changed character', () => {
    const seed = expandExample('{{nkey:U}}');
    expect(nkeySeed(seed)).toMatchObject({ valid: true });
    const flipped = seed.slice(0, 10) + (seed[10] === 'A' ? 'B' : 'A') + seed.slice(11);
    expect(nkeySeed(flipped).valid).toBe(false);
  });
});
