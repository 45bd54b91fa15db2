import { ruleSchemas } from '../engine/index.js';
import { lazyZod } from '../engine/lazy-zod.js';

/** Where the generated schemas live in the repository (scripts/generate-schemas.mjs writes them). */
export const RULE_FILE_SCHEMA = 'schema/rule-file.schema.json';

/**
 * The JSON Schema of a rule file, generated from the zod schema the loader validates
 * with, so editors (taplo, Even Better TOML) complete and check what keylint accepts.
 * Other top-level keys stay allowed, as the loader allows them (gitleaks' [allowlist]).
 */
export function ruleFileJsonSchema(): Record<string, unknown> {
  const { z } = lazyZod();
  const { ruleSpecSchema } = ruleSchemas();
  const file = z
    .object({
      title: z.string().optional(),
      rule: z.array(ruleSpecSchema).optional().describe('keylint rules, one [[rule]] table each'),
      rules: z.array(ruleSpecSchema).optional().describe("gitleaks' spelling of [[rule]]"),
    })
    .passthrough();
  return { ...z.toJSONSchema(file, { io: 'input' }), title: 'keylint rule file' };
}
