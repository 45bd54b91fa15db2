import type * as Zod from 'zod';
import { lazyZod } from './lazy-zod.js';
import { SEVERITIES } from './types.js';

function build() {
  const { z } = lazyZod();
  const kind = z.enum(['secret', 'publishable']);
  const severity = z.enum(SEVERITIES as [string, ...string[]]);

  const allowlist = z
    .object({
      description: z.string().optional(),
      regexes: z.array(z.string()).default([]),
      stopwords: z.array(z.string()).default([]),
      paths: z.array(z.string()).default([]),
    })
    .strict();

  const when = z
    .object({
      kind: kind.optional(),
      severity: severity.optional(),
      reason: z.string().min(1),
      name: z.string().optional(),
      context: z.string().optional(),
      line: z.string().optional(),
      path: z.string().optional(),
      claims: z.record(z.string(), z.string()).optional(),
    })
    .strict();

  const examples = z
    .object({
      secret: z.array(z.string()).default([]),
      not: z.array(z.string()).default([]),
      publishable: z.array(z.string()).default([]),
      /** A path the examples are scanned as (for rules limited to certain files). */
      path: z.string().optional(),
    })
    .strict();

  /**
   * One rule as written in a TOML file: a superset of gitleaks' `[[rules]]`
   * (id, description, regex, secretGroup, entropy, keywords, path, allowlist).
   */
  const ruleSpecSchema = z
    .object({
      id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, dot, dash, underscore'),
      provider: z.string().min(1).optional(),
      title: z.string().min(1).optional(),
      description: z.string().optional(),
      kind: kind.default('secret'),
      severity: severity.optional(),
      regex: z.string().min(1),
      secretGroup: z.number().int().min(0).optional(),
      keywords: z.array(z.string().min(1)).default([]),
      entropy: z.number().min(0).max(8).optional(),
      /** Caps the entropy floor at this fraction of log2(length), so short values are not held to a bar they cannot reach. */
      relativeEntropy: z.number().min(0).max(1).optional(),
      validate: z.string().optional(),
      path: z.string().optional(),
      docs: z.string().url().optional(),
      reason: z.string().optional(),
      generic: z.boolean().default(false),
      tags: z.array(z.string()).default([]),
      allowlist: allowlist.optional(),
      /** gitleaks' v8.21+ spelling: a list of allowlists. */
      allowlists: z.array(allowlist).optional(),
      when: z.array(when).default([]),
      examples: examples.optional(),
    })
    .strict();

  /** A rule file: `[[rule]]` (keylint) or `[[rules]]` (gitleaks), plus an optional title. */
  const ruleFileSchema = z
    .object({
      title: z.string().optional(),
      rule: z.array(z.unknown()).optional(),
      rules: z.array(z.unknown()).optional(),
    })
    .passthrough();

  return { ruleSpecSchema, ruleFileSchema };
}

let schemas: ReturnType<typeof build> | undefined;

/** The rule file schemas, built (and zod loaded) on first use. */
export function ruleSchemas(): ReturnType<typeof build> {
  return (schemas ??= build());
}

export type RuleSpec = Zod.infer<ReturnType<typeof build>['ruleSpecSchema']>;
