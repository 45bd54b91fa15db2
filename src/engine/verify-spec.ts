import type * as Zod from 'zod';

// The `[rule.verify]` table of a rule file: how to ask the provider, read-only, whether a
// value works. Pure data, validated with the rule; src/verify runs it. Templates in
// `endpoint`, `path`, `headers`, `basic` and `body` may use {{secret}} and
// {{companion NAME}} (a value found beside the secret, such as an application id).

/** A condition on a provider's answer: a status code in the list, and optionally a JSON field's value. */
function answerSchema(z: typeof Zod.z) {
  return z
    .object({
      status: z.array(z.number().int().min(100).max(599)).min(1),
      /** Dotted path into the JSON body (`ok`, `data.viewer.id`) that must exist (and equal `equals`, when given). */
      field: z.string().min(1).optional(),
      equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
    })
    .strict();
}

/** Builds the zod schema of a `[rule.verify]` table (zod is passed in: the engine loads it lazily). */
export function verifySpecSchema(z: typeof Zod.z) {
  const companion = z
    .object({
      /** Regex (first group = the value) searched in the finding's file. */
      regex: z.string().min(1).optional(),
      /** Or: the secret of another rule's finding in the same file. */
      rule: z.string().min(1).optional(),
    })
    .strict()
    .refine((c) => Boolean(c.regex) !== Boolean(c.rule), 'give exactly one of regex or rule');
  return z
    .object({
      /** The API base, HTTPS. `--verify-endpoint PROVIDER=URL` replaces it. */
      endpoint: z.string().regex(/^https:\/\//, 'must be an https:// URL'),
      /** Host suffixes the endpoint may resolve to when it is a template (`{{companion shop}}.myshopify.com`). */
      hosts: z.array(z.string().min(3)).optional(),
      /** A check written in code (src/verify/checks) instead of a request template, such as AWS SigV4. */
      check: z.string().min(1).optional(),
      method: z.enum(['GET', 'POST', 'HEAD']).default('GET'),
      path: z.string().startsWith('/').default('/'),
      headers: z.record(z.string(), z.string()).default({}),
      /** `user:password` for HTTP basic authentication. */
      basic: z.string().optional(),
      body: z.string().optional(),
      companions: z.record(z.string().regex(/^[a-z][A-Za-z0-9]*$/), companion).default({}),
      verified: answerSchema(z),
      invalid: answerSchema(z),
      /** Facts to show about a working key: label = JSON path, or `header:NAME`. */
      detail: z.record(z.string(), z.string()).default({}),
      /** A verified key whose JSON list at `field` holds only these values is publishable (Algolia's search-only ACL). */
      publishableIf: z
        .object({ field: z.string().min(1), onlyValues: z.array(z.string()).min(1), reason: z.string().min(1) })
        .strict()
        .optional(),
      /** Requests per second to this provider (default 10). */
      ratePerSecond: z.number().positive().max(100).optional(),
    })
    .strict();
}

export type VerifySpec = Zod.infer<ReturnType<typeof verifySpecSchema>>;
export type VerifyAnswer = VerifySpec['verified'];
