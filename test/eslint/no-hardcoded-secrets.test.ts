import tsParser from '@typescript-eslint/parser';
import { RuleTester } from 'eslint';
import { describe, it } from 'vitest';
import { expandExample } from '../../src/engine/examples.js';
import { noHardcodedSecrets } from '../../src/eslint/rules/no-hardcoded-secrets.js';

// RuleTester looks for mocha-style globals; hand it vitest's.
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

// Synthetic values only: real-format tokens with valid checksums, expanded at test time.
const ghp = expandExample('{{crc32:ghp_}}');
const ghpOther = expandExample('{{crc32:ghp_}}', 7);
const badChecksum = `ghp_${expandExample('{{rand:base62:30}}')}AAAAAA`;
const stripePk = expandExample('pk_live_{{rand:base62:24}}');
// A value only a generic, name-based rule can see: nothing in it names a provider.
const password = expandExample('{{rand:base62:22}}');
const col = (code: string, value: string) => code.indexOf(value) + 1;

const js = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } } });
const ts = new RuleTester({ languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } } });

const secret = (code: string, value: string, output: string | null, name = 'TOKEN', messageId = 'secret') => ({
  messageId,
  line: 1,
  column: col(code, value),
  endColumn: col(code, value) + value.length,
  suggestions: output === null ? [] : [{ messageId: 'useEnv', data: { name }, output }],
});

describe('keylint/no-hardcoded-secrets on JavaScript', () => {
  js.run('no-hardcoded-secrets', noHardcodedSecrets, {
    valid: [
      { code: 'const token = process.env.GITHUB_TOKEN;', filename: 'src/server/github.js' },
      // Near-misses: the shape of a token without its checksum, and a documentation placeholder.
      { code: `const token = "${badChecksum}";`, filename: 'src/server/github.js' },
      { code: 'const token = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";', filename: 'src/server/github.js' },
      // Publishable keys are meant to ship to browsers.
      { code: `const stripe = Stripe("${stripePk}");`, filename: 'src/components/Checkout.jsx' },
      // Comments are only scanned when asked.
      { code: `// old token: ${ghp}\nconst a = 1;`, filename: 'src/server/github.js' },
      // Inline ignores, keylint's own and other scanners'.
      { code: `const token = "${ghp}"; // keylint:allow rotated, kept for the replay test`, filename: 'src/server/github.js' },
      { code: `// keylint:allow-next-line\nconst token = "${ghp}";`, filename: 'src/server/github.js' },
      { code: `const token = "${ghp}"; // gitleaks:allow`, filename: 'src/server/github.js' },
      { code: `const token = "${ghp}"; // pragma: allowlist secret`, filename: 'src/server/github.js' },
      // Joined literals that only mention a prefix are not a token.
      { code: 'const hint = "tokens start with " + "ghp_" + " and 36 more characters";', filename: 'src/server/github.js' },
      // A token-shaped identifier is code, not a hardcoded value.
      { code: `const ${ghp} = 1;`, filename: 'src/server/github.js' },
    ],
    invalid: [
      {
        name: 'a token in a string literal, with a suggestion named after the variable',
        code: `const token = "${ghp}";`,
        filename: 'src/server/github.js',
        errors: [secret(`const token = "${ghp}";`, ghp, 'const token = process.env.TOKEN;')],
      },
      {
        name: 'escapes before the token keep the reported span exact',
        code: `const header = "a\\tb\\u0041 ${ghp}";`,
        filename: 'src/server/github.js',
        errors: [secret(`const header = "a\\tb\\u0041 ${ghp}";`, ghp, 'const header = `a\\tb\\u0041 ${process.env.HEADER}`;', 'HEADER')],
      },
      {
        name: 'a token inside a template literal quasi',
        code: `fetch(url, { headers: { Authorization: \`token ${ghp}\` } });`,
        filename: 'src/server/github.js',
        errors: [
          secret(
            `fetch(url, { headers: { Authorization: \`token ${ghp}\` } });`,
            ghp,
            'fetch(url, { headers: { Authorization: `token ${process.env.AUTHORIZATION}` } });',
            'AUTHORIZATION',
          ),
        ],
      },
      {
        name: 'a token in a template literal with expressions around it',
        code: `const url = \`https://\${host}/api?token=${ghp}&page=\${page}\`;`,
        filename: 'src/server/github.js',
        errors: [
          secret(
            `const url = \`https://\${host}/api?token=${ghp}&page=\${page}\`;`,
            ghp,
            `const url = \`https://\${host}/api?token=\${process.env.URL}&page=\${page}\`;`,
            'URL',
          ),
        ],
      },
      {
        name: 'a token split across a concatenation of literals',
        code: `const token = "${ghp.slice(0, 20)}" +\n  "${ghp.slice(20)}";`,
        filename: 'src/server/github.js',
        errors: [
          {
            messageId: 'secret',
            line: 1,
            column: 16,
            endLine: 2,
            endColumn: 4 + ghp.length - 20,
            suggestions: [{ messageId: 'useEnv', data: { name: 'TOKEN' }, output: 'const token = process.env.TOKEN;' }],
          },
        ],
      },
      {
        name: 'a whole token inside one operand of a concatenation',
        code: `const auth = "token " + "${ghp}";`,
        filename: 'src/server/github.js',
        errors: [secret(`const auth = "token " + "${ghp}";`, ghp, `const auth = "token " + process.env.GITHUB_PAT;`, 'GITHUB_PAT')],
      },
      {
        name: 'a JSX attribute string in a client component folder is escalated',
        code: `const C = () => <Octokit token="${ghp}" />;`,
        filename: 'src/components/Repo.jsx',
        errors: [
          secret(`const C = () => <Octokit token="${ghp}" />;`, ghp, 'const C = () => <Octokit token={process.env.TOKEN} />;', 'TOKEN', 'exposedSecret'),
        ],
      },
      {
        name: 'a "use client" module is escalated wherever it lives',
        code: `"use client";\nconst token = "${ghp}";`,
        filename: 'lib/github.js',
        errors: [{ ...secret(`const token = "${ghp}";`, ghp, `"use client";\nconst token = process.env.TOKEN;`, 'TOKEN', 'exposedSecret'), line: 2 }],
      },
      {
        name: 'a browser-exposed name is escalated and the suggestion drops the prefix',
        code: `const NEXT_PUBLIC_GITHUB_TOKEN = "${ghp}";`,
        filename: 'lib/github.js',
        errors: [
          secret(
            `const NEXT_PUBLIC_GITHUB_TOKEN = "${ghp}";`,
            ghp,
            'const NEXT_PUBLIC_GITHUB_TOKEN = process.env.GITHUB_TOKEN;',
            'GITHUB_TOKEN',
            'exposedSecret',
          ),
        ],
      },
      {
        name: 'configured client globs escalate; API routes are never client files by default',
        code: `const token = "${ghp}";`,
        filename: 'web/widgets/repo.js',
        options: [{ clientFiles: ['web/**'] }],
        errors: [secret(`const token = "${ghp}";`, ghp, 'const token = process.env.TOKEN;', 'TOKEN', 'exposedSecret')],
      },
      {
        name: 'a Next.js API route is server code',
        code: `const token = "${ghp}";`,
        filename: 'pages/api/repo.js',
        errors: [secret(`const token = "${ghp}";`, ghp, 'const token = process.env.TOKEN;')],
      },
      {
        name: 'publishable keys are reported when asked',
        code: `const stripeKey = "${stripePk}";`,
        filename: 'src/components/Checkout.jsx',
        options: [{ reportPublishable: true }],
        errors: [secret(`const stripeKey = "${stripePk}";`, stripePk, 'const stripeKey = process.env.STRIPE_KEY;', 'STRIPE_KEY', 'publishable')],
      },
      {
        name: 'comments are scanned when asked, without a suggestion',
        code: `// old token: ${ghp}`,
        filename: 'src/server/github.js',
        options: [{ comments: true }],
        errors: [secret(`// old token: ${ghp}`, ghp, null)],
      },
      {
        name: 'an ignore on one line does not silence the next',
        code: `const a = "${ghp}"; // keylint:allow\nconst b = "${ghpOther}";`,
        filename: 'src/server/github.js',
        errors: [{ ...secret(`const b = "${ghpOther}";`, ghpOther, `const a = "${ghp}"; // keylint:allow\nconst b = process.env.B;`, 'B'), line: 2 }],
      },
    ],
  });
});

describe('keylint/no-hardcoded-secrets on TypeScript', () => {
  ts.run('no-hardcoded-secrets', noHardcodedSecrets, {
    valid: [
      { code: 'const token: string = process.env.GITHUB_TOKEN ?? "";', filename: 'src/server/github.ts' },
      { code: `type Token = \`ghp_\${string}\`;\nconst stripe: string = "${stripePk}";`, filename: 'src/server/pay.ts' },
      // Typed declarations whose names ask for no secret, or whose values are not random.
      { code: `const greeting: string = "${password}";`, filename: 'src/server/db.ts' },
      { code: 'const dbPassword: string = "changeme";', filename: 'src/server/db.ts' },
    ],
    invalid: [
      {
        name: 'a random value in a type-annotated declaration named for a password (the AST names it, not the type)',
        code: `const dbPassword: string = "${password}";`,
        filename: 'src/server/db.ts',
        errors: [
          {
            ...secret(`const dbPassword: string = "${password}";`, password, 'const dbPassword: string = process.env.DB_PASSWORD;', 'DB_PASSWORD'),
          },
        ],
      },
      {
        name: 'a typed class field and a typed parameter default',
        code: `class Db { readonly apiSecret: string = '${password}'; }\nfunction connect(authToken: string = "${password}") {}`,
        filename: 'src/server/db.ts',
        errors: [
          secret(
            `class Db { readonly apiSecret: string = '${password}'; }`,
            password,
            `class Db { readonly apiSecret: string = process.env.API_SECRET; }\nfunction connect(authToken: string = "${password}") {}`,
            'API_SECRET',
          ),
          {
            ...secret(
              `function connect(authToken: string = "${password}") {}`,
              password,
              `class Db { readonly apiSecret: string = '${password}'; }\nfunction connect(authToken: string = process.env.AUTH_TOKEN) {}`,
              'AUTH_TOKEN',
            ),
            line: 2,
          },
        ],
      },
      {
        name: 'a typed class field',
        code: `class Client { private readonly githubToken: string = "${ghp}"; }`,
        filename: 'src/server/github.ts',
        errors: [
          secret(
            `class Client { private readonly githubToken: string = "${ghp}"; }`,
            ghp,
            'class Client { private readonly githubToken: string = process.env.GITHUB_TOKEN; }',
            'GITHUB_TOKEN',
          ),
        ],
      },
      {
        name: 'a value behind a type assertion',
        code: `const config = { apiKey: "${ghp}" as const };`,
        filename: 'src/server/github.ts',
        errors: [secret(`const config = { apiKey: "${ghp}" as const };`, ghp, 'const config = { apiKey: process.env.API_KEY as const };', 'API_KEY')],
      },
      {
        name: 'a token used as a type or an object key is reported without a suggestion that would not parse',
        code: `type Legacy = "${ghp}";\nconst scopes = { "${ghpOther}": ["repo"] };`,
        filename: 'src/server/github.ts',
        errors: [secret(`type Legacy = "${ghp}";`, ghp, null), { ...secret(`const scopes = { "${ghpOther}": ["repo"] };`, ghpOther, null), line: 2 }],
      },
      {
        name: 'a TSX attribute in an app router page',
        code: `export default function Page() { return <Repo authToken="${ghp}" />; }`,
        filename: 'app/repos/page.tsx',
        errors: [
          secret(
            `export default function Page() { return <Repo authToken="${ghp}" />; }`,
            ghp,
            'export default function Page() { return <Repo authToken={process.env.AUTH_TOKEN} />; }',
            'AUTH_TOKEN',
            'exposedSecret',
          ),
        ],
      },
      {
        name: 'JSX text renders into the page',
        code: `"use client";\nexport const Help = () => <code>${ghp}</code>;`,
        filename: 'src/help.tsx',
        errors: [
          {
            ...secret(
              `export const Help = () => <code>${ghp}</code>;`,
              ghp,
              `"use client";\nexport const Help = () => <code>{process.env.GITHUB_PAT}</code>;`,
              'GITHUB_PAT',
              'exposedSecret',
            ),
            line: 2,
          },
        ],
      },
    ],
  });
});
