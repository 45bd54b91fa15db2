// Writes the JSON Schemas of rule files and .keylint.toml to schema/, generated from the
// zod schemas the loaders use (test/schema.test.ts fails when they are stale). Run after
// `npm run build`: node scripts/generate-schemas.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { RULE_FILE_SCHEMA, ruleFileJsonSchema } from '../dist/rules/json-schema.js';
import { CONFIG_SCHEMA, configJsonSchema } from '../dist/config/json-schema.js';

for (const [path, schema] of [
  [RULE_FILE_SCHEMA, ruleFileJsonSchema()],
  [CONFIG_SCHEMA, configJsonSchema()],
]) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(schema, null, 2) + '\n');
  console.log(`wrote ${path}`);
}
