// keylint's ESLint plugin (flat config): `import keylint from 'keylint/eslint'`.
import { createRequire } from 'node:module';
import type { ESLint, Linter } from 'eslint';
import { noHardcodedSecrets, RULE_NAME, type NoHardcodedSecretsOptions } from './rules/no-hardcoded-secrets.js';

export type { NoHardcodedSecretsOptions };

// src/eslint/ and dist/eslint/ both sit two levels below the package manifest.
const { name, version } = createRequire(import.meta.url)('../../package.json') as { name: string; version: string };

const plugin = {
  meta: { name: `${name}/eslint`, version },
  configs: {} as Record<'recommended', Linter.Config>,
  rules: { [RULE_NAME]: noHardcodedSecrets },
} satisfies ESLint.Plugin;

// Added after the object exists so the config can reference the plugin itself.
plugin.configs.recommended = {
  name: 'keylint/recommended',
  plugins: { keylint: plugin },
  rules: { [`keylint/${RULE_NAME}`]: 'error' },
};

export default plugin;
