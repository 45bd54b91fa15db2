import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandExample } from '../../src/engine/examples.js';
import keylint from '../../src/eslint/index.js';

const ghp = expandExample('{{crc32:ghp_}}');
const npmToken = expandExample('{{crc32:npm_}}');

describe('keylint ESLint plugin', () => {
  it('is one flat-config object whose recommended config references the plugin itself', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; exports: Record<string, unknown> };
    expect(keylint.meta).toEqual({ name: 'keylint/eslint', version: pkg.version });
    expect(Object.keys(keylint.rules)).toEqual(['no-hardcoded-secrets']);
    expect(keylint.configs.recommended.plugins?.keylint).toBe(keylint);
    expect(keylint.configs.recommended.rules).toEqual({ 'keylint/no-hardcoded-secrets': 'error' });
    expect(pkg.exports['./eslint']).toEqual({ types: './dist/eslint/index.d.ts', default: './dist/eslint/index.js' });
  });

  describe('linting real files through ESLint with flat config', () => {
    let root: string;
    const files: Record<string, string> = {
      'src/server/a.js': `export const token = "${ghp}";\n`,
      'src/server/b.mjs': `export const token = \`${ghp}\`;\n`,
      'src/server/c.cjs': `module.exports = { npmToken: "${npmToken}" };\n`,
      'src/components/D.jsx': `export const D = () => <Repo token="${ghp}" />;\n`,
      'src/server/e.ts': `export const token: string = "${ghp}";\n`,
      'src/components/F.tsx': `export const F = (): JSX.Element => <Repo token={\`${ghp}\`} />;\n`,
      'src/server/disabled.js': `// eslint-disable-next-line keylint/no-hardcoded-secrets\nexport const token = "${ghp}";\n`,
      'src/server/allowed.ts': `export const token = "${ghp}"; // keylint:allow fixture for the replay test\n`,
    };

    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), 'keylint-eslint-'));
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, name)), { recursive: true });
        writeFileSync(join(root, name), text);
      }
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    async function lint(): Promise<Map<string, ESLint.LintResult>> {
      const config: Linter.Config[] = [
        { files: ['**/*.{js,jsx,mjs,cjs}'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
        { files: ['**/*.{ts,tsx}'], languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } } },
        keylint.configs.recommended,
      ];
      const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config });
      const results = await eslint.lintFiles(['src/**/*.{js,jsx,mjs,cjs,ts,tsx}']);
      return new Map(
        results.map((r) => [
          r.filePath
            .slice(root.length + 1)
            .split('\\')
            .join('/'),
          r,
        ]),
      );
    }

    it('reports the secret in every file type, with the default parser and @typescript-eslint/parser', async () => {
      const results = await lint();
      for (const name of ['src/server/a.js', 'src/server/b.mjs', 'src/server/c.cjs', 'src/components/D.jsx', 'src/server/e.ts', 'src/components/F.tsx']) {
        const messages = results.get(name)?.messages ?? [];
        expect(
          messages.map((m) => m.ruleId),
          name,
        ).toEqual(['keylint/no-hardcoded-secrets']);
        expect(messages[0]!.fatal, name).toBeUndefined();
      }
      expect(results.get('src/components/D.jsx')!.messages[0]!.messageId).toBe('exposedSecret');
      expect(results.get('src/components/F.tsx')!.messages[0]!.messageId).toBe('exposedSecret');
      expect(results.get('src/components/D.jsx')!.messages[0]!.message).toContain('files matching "src/components/**" are bundled for the browser');
      expect(results.get('src/server/c.cjs')!.messages[0]!.message).toContain('npm');
    });

    it('names provider, kind and reason but never prints the full secret', async () => {
      const [message] = (await lint()).get('src/server/a.js')!.messages;
      expect(message!.message).toContain('GitHub secret ghp_…(40)');
      expect(message!.message).toContain('revoke it');
      const everything = JSON.stringify([...(await lint()).values()].map((r) => r.messages));
      expect(everything).not.toContain(ghp);
      expect(everything).not.toContain(npmToken);
    });

    it('honors eslint-disable comments and keylint inline ignores', async () => {
      const results = await lint();
      expect(results.get('src/server/disabled.js')!.messages).toEqual([]);
      expect(results.get('src/server/allowed.ts')!.messages).toEqual([]);
    });
  });

  describe("a project's .keylint.toml", () => {
    let root: string;
    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), 'keylint-eslint-config-'));
      const write = (name: string, text: string) => {
        mkdirSync(dirname(join(root, name)), { recursive: true });
        writeFileSync(join(root, name), text);
      };
      write('app/.keylint.toml', 'disable = ["npm-*", "generic-*"]\n[allowlist]\npaths = ["src/legacy/**"]\n[files]\nexclude = ["src/generated/**"]\n');
      write('app/src/npm.js', `export const npmToken = "${npmToken}";\n`);
      write('app/src/github.js', `export const token = "${ghp}";\n`);
      write('app/src/legacy/old.js', `export const token = "${ghp}";\n`);
      write('app/src/generated/gen.js', `export const token = "${ghp}";\n`);
      write('broken/.keylint.toml', 'disable = ["no-such-rule"]\n');
      write('broken/src/github.js', `export const token = "${ghp}";\n`);
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    async function lintIn(project: string): Promise<Map<string, string[]>> {
      // Setups are cached per ESLint cwd, so each project gets its own config.
      const eslint = new ESLint({ cwd: join(root, project), overrideConfigFile: true, overrideConfig: [keylint.configs.recommended] });
      const results = await eslint.lintFiles(['src/**/*.js']);
      return new Map(
        results.map((r) => [
          r.filePath
            .slice(join(root, project).length + 1)
            .split('\\')
            .join('/'),
          r.messages.map((m) => m.message),
        ]),
      );
    }

    it('disables rules, and silences allowlisted and excluded paths', async () => {
      const results = await lintIn('app');
      expect(results.get('src/npm.js'), JSON.stringify([...results])).toEqual([]);
      expect(results.get('src/github.js')).toHaveLength(1);
      expect(results.get('src/legacy/old.js')).toEqual([]);
      expect(results.get('src/generated/gen.js')).toEqual([]);
    });

    it('shows a broken config as one message and still scans with the built-in rules', async () => {
      const messages = (await lintIn('broken')).get('src/github.js')!;
      expect(messages).toHaveLength(2);
      expect(messages[0]).toMatch(
        /^keylint: config .*\.keylint\.toml:1: disable\[0\]: "no-such-rule" matches no rule \(scanning with the built-in rules only\)\.$/,
      );
      expect(messages[1]).toContain('GitHub secret');
    });
  });
});
