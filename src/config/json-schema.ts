import { ruleSchemas } from '../engine/index.js';
import { lazyZod } from '../engine/lazy-zod.js';
import { configSchema } from './schema.js';

/** Where the generated schema lives in the repository (scripts/generate-schemas.mjs writes it). */
export const CONFIG_SCHEMA = 'schema/keylint-config.schema.json';

/**
 * The JSON Schema of `.keylint.toml`, generated from the zod schema the loader validates
 * with. The loader checks custom rules entry by entry (to report each by index); here
 * they get the rule schema, so an editor completes them too.
 */
export function configJsonSchema(): Record<string, unknown> {
  const { z } = lazyZod();
  const { ruleSpecSchema } = ruleSchemas();
  const withRules = configSchema().extend({
    rule: z.array(ruleSpecSchema).optional().describe('Custom rules, one [[rule]] table each (same keys as a rule file)'),
    rules: z.array(ruleSpecSchema).optional().describe("gitleaks' spelling of [[rule]]"),
  });
  return { ...z.toJSONSchema(withRules, { io: 'input' }), title: 'keylint configuration (.keylint.toml)' };
}
