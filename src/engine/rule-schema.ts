import type * as Zod from 'zod';
import { lazyZod } from './lazy-zod.js';
import { SEVERITIES } from './types.js';
import { verifySpecSchema } from './verify-spec.js';

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
      id: z
        .string()
        .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, dot, dash, underscore')
        .describe('Unique rule id, e.g. github-pat: findings, selectors and errors name it'),
      provider: z.string().min(1).optional().describe('Who issues the key (GitHub, Stripe)'),
      title: z.string().min(1).optional().describe('What the key is, in a few words'),
      description: z.string().optional().describe("gitleaks' title field"),
      kind: kind.default('secret').describe('secret (grants access) or publishable (meant to ship in client code)'),
      severity: severity.optional(),
      regex: z.string().min(1).describe('The pattern; group 1 (or secretGroup) is the key. Shared fragments: (?&assign), (?&end_alnum), (?&end_b64url)'),
      secretGroup: z.number().int().min(0).optional().describe('Capture group holding the key (default 1, or 0 without groups)'),
      keywords: z.array(z.string().min(1)).default([]).describe('Prefilter: the regex runs only near one of these (case-insensitive)'),
      anchor: z
        .string()
        .optional()
        .describe(
          'A structural anchor such as .{6}. (a mark, that many token characters, a mark): prefilters a rule no keyword can, or says where to look when the keywords only name the context',
        ),
      entropy: z.number().min(0).max(8).optional().describe('Minimum Shannon entropy (bits per character) of the key'),
      /** Caps the entropy floor at this fraction of log2(length), so short values are not held to a bar they cannot reach. */
      relativeEntropy: z.number().min(0).max(1).optional(),
      validate: z.string().optional().describe('Named validator (checksum, JWT claims), e.g. github-crc32'),
      path: z.string().optional().describe('Regex: the rule runs only on files whose path matches'),
      docs: z.string().url().optional().describe('Where the key is rotated or revoked'),
      reason: z.string().optional(),
      generic: z.boolean().default(false),
      /** The highest confidence this rule's findings can have (a rule for weak or unstructured values caps itself at `low`). */
      confidence: z.enum(['high', 'medium', 'low']).optional().describe("The highest confidence this rule's findings get (low for rules about weak values)"),
      /** When set, a value under the entropy floor is reported at this confidence instead of dropped: a weak hard-coded password in a credential context. */
      weakConfidence: z.enum(['medium', 'low']).optional().describe('Report values under the entropy floor at this confidence instead of dropping them'),
      tags: z.array(z.string()).default([]),
      allowlist: allowlist.optional(),
      /** gitleaks' v8.21+ spelling: a list of allowlists. */
      allowlists: z.array(allowlist).optional(),
      when: z.array(when).default([]),
      examples: examples
        .optional()
        .describe('Proof: examples.secret/publishable the rule must find, examples.not it must ignore (templates such as {{crc32:ghp_}})'),
      verify: verifySpecSchema(z).optional().describe('How --verify asks the provider, read-only, whether the key works (docs/verify.md)'),
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
