import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { RULE_FILE_SCHEMA, ruleFileJsonSchema } from '../src/rules/json-schema.js';
import { CONFIG_SCHEMA, configJsonSchema } from '../src/config/json-schema.js';
import { builtinRuleFiles } from '../src/rules/load-rules.js';
import { parseToml } from '../src/config/toml.js';

const committed = (path: string) => readFileSync(path, 'utf8');
const generated = (schema: object) => JSON.stringify(schema, null, 2) + '\n';

function validator(schema: object) {
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

describe('the JSON Schemas in schema/', () => {
  it.each([
    [RULE_FILE_SCHEMA, ruleFileJsonSchema],
    [CONFIG_SCHEMA, configJsonSchema],
  ])('%s matches the zod schema it is generated from (else: npm run build && node scripts/generate-schemas.mjs)', (path, generate) => {
    expect(committed(path)).toBe(generated(generate()));
  });

  it('accepts every built-in rule file', () => {
    const validate = validator(JSON.parse(committed(RULE_FILE_SCHEMA)) as object);
    const rejected = builtinRuleFiles()
      .filter((f) => !validate(f.data))
      .map((f) => `${f.source}: ${JSON.stringify(validate.errors?.[0])}`);
    expect(rejected).toEqual([]);
  });

  it('rejects a misspelt rule key and a rule without a regex', () => {
    const validate = validator(JSON.parse(committed(RULE_FILE_SCHEMA)) as object);
    expect(validate(parseToml(`[[rule]]\nid = "a"\nregex = "x"\nkeyword = ["a"]\n`))).toBe(false);
    expect(validate(parseToml(`[[rule]]\nid = "a"\n`))).toBe(false);
    expect(validate(parseToml(`[[rule]]\nid = "a"\nregex = "x(?&assign)"\nexamples.secret = ["x"]\n`))).toBe(true);
  });

  it("accepts the repository's own .keylint.toml and a config with custom rules, rejects an unknown key", () => {
    const validate = validator(JSON.parse(committed(CONFIG_SCHEMA)) as object);
    expect(validate(parseToml(committed('.keylint.toml')))).toBe(true);
    expect(validate(parseToml(`failOn = "critical"\n[[rule]]\nid = "acme"\nregex = "acme_(x+)"\n[allowlist]\nstopwords = ["demo"]\n`))).toBe(true);
    expect(validate(parseToml(`failon = "critical"\n`))).toBe(false);
    expect(validate(parseToml(`[[rule]]\nid = "acme"\nregx = "x"\n`))).toBe(false);
  });
});
