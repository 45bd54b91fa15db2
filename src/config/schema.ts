import { lazyZod } from '../engine/index.js';
import { ISSUED_KEY_PREFIX_PATTERN } from '../rules/issued-key-rule.js';

/**
 * What makes a run fail (exit 1): any secret (default), only critical secrets, any finding at
 * all, or only secrets `--verify` proved live.
 */
export const FAIL_ON = ['secret', 'critical', 'publishable', 'verified'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** The lowest confidence that can fail a run: low-confidence findings (weak values, tests, documented examples) are reported but pass by default. */
export const FAIL_ON_CONFIDENCE = ['low', 'medium', 'high'] as const;
export type FailOnConfidence = (typeof FAIL_ON_CONFIDENCE)[number];

function build() {
  const { z } = lazyZod();
  const globs = z.array(z.string().min(1));

  /** `.keylint.toml`, as written. Custom rules are checked entry by entry with the rule schema. */
  const schema = z
    .object({
      /** Stop looking for configs in folders above this one (a subfolder's config then stands alone). */
      root: z.boolean().optional().describe('Configs in folders above this one do not apply here (a subfolder config then stands alone)'),
      /** Only these built-in rules run (ids, id globs, `provider:NAME`, `tag:NAME`). */
      enable: z.array(z.string().min(1)).optional().describe('Only these built-in rules run: ids, id globs, provider:NAME, tag:NAME'),
      /** These rules never run (same selectors as `enable`). */
      disable: z.array(z.string().min(1)).default([]).describe('These rules never run (same selectors as enable)'),
      failOn: z
        .enum(FAIL_ON)
        .optional()
        .describe('What fails a run (exit 1): any secret (default), critical secrets only, any finding, or secrets a provider accepted (verified)'),
      failOnConfidence: z
        .enum(FAIL_ON_CONFIDENCE)
        .optional()
        .describe('The lowest confidence that fails a run: low, medium (default) or high; low-confidence findings are reported either way'),
      issuedKeyPrefixes: z
        .array(z.string().regex(ISSUED_KEY_PREFIX_PATTERN, '2-16 lower-case letters or digits, starting with a letter (no trailing "_")'))
        .default([])
        .describe('Prefixes of keys this organization issues (keylint keys create); each gets a rule'),
      /** A baseline file applied to every scan, relative to this file. */
      baseline: z.string().min(1).optional().describe('Baseline file applied to every scan, relative to this file'),
      rule: z.array(z.unknown()).default([]),
      /** gitleaks' spelling of `rule`. */
      rules: z.array(z.unknown()).default([]),
      allowlist: z
        .object({
          description: z.string().optional(),
          paths: globs.default([]),
          /** Regexes tested against the file path (what gitleaks' allowlist.paths holds). */
          pathRegexes: z.array(z.string().min(1)).default([]),
          regexes: z.array(z.string().min(1)).default([]),
          stopwords: z.array(z.string().min(1)).default([]),
          fingerprints: z.array(z.string().regex(/^[0-9a-f]{32}$/, 'a 32-character lower-case hex fingerprint')).default([]),
        })
        .strict()
        .default({ paths: [], pathRegexes: [], regexes: [], stopwords: [], fingerprints: [] }),
      files: z
        .object({
          include: globs.optional(),
          exclude: globs.default([]),
          maxFileSize: z.union([z.string().min(1), z.number().int().positive()]).optional(),
        })
        .strict()
        .default({ exclude: [] }),
      /** `--verify` from the config: hooks and scans ask providers only when this (or the flag) says so. */
      verify: z
        .object({
          enabled: z.boolean().default(false),
          /** Report only findings the provider accepted (`--only-verified`). */
          onlyVerified: z.boolean().default(false),
          /** Seconds a verification answer is reused (0: never cached). */
          cacheTtl: z.number().int().min(0).optional(),
          concurrency: z.number().int().min(1).max(64).optional(),
          /** Milliseconds per request. */
          timeout: z.number().int().min(100).max(120_000).optional(),
          /** Provider id -> API base, as `--verify-endpoint` (GitHub Enterprise, self-hosted GitLab). */
          endpoints: z.record(z.string(), z.string().min(1)).default({}),
        })
        .strict()
        .optional()
        .describe(
          'Ask providers, read-only, whether findings work (docs/verify.md): enabled (also makes hooks verify), onlyVerified, cacheTtl (s), concurrency, timeout (ms), endpoints',
        ),
      title: z.string().optional(),
    })
    .strict();

  return schema;
}

let built: ReturnType<typeof build> | undefined;

/** The config schema, built (and zod loaded) on first use: a run without a config file never needs it. */
export function configSchema(): ReturnType<typeof build> {
  return (built ??= build());
}
