import { z } from 'zod';
import { SHA256_HEX } from './hash.js';

/**
 * GitHub's alert body: `[{token, type, url, source}]`; GitLab sends `{type, token, url}`.
 * `url` may be empty and `source` values vary in case, so both are optional free text.
 * Unknown fields are tolerated: partners add fields without notice.
 */
export const partnerItemSchema = z.looseObject({
  token: z.string().min(1).max(4096),
  type: z.string().max(256).default(''),
  url: z.string().max(4096).optional(),
  source: z.string().max(256).optional(),
});

export const partnerBatchSchema = z.array(partnerItemSchema).max(100_000);

export type PartnerBatch = z.infer<typeof partnerBatchSchema>;
export type PartnerItem = z.infer<typeof partnerItemSchema>;

/**
 * A partner batch checked entry by entry: one malformed entry (a number for a token, an
 * over-long url) is set aside and must not keep the valid ones from being revoked.
 * Undefined when the body is not a list (or an absurdly long one).
 */
export function parsePartnerBatch(json: unknown): { items: PartnerItem[]; rejected: number } | undefined {
  if (!Array.isArray(json) || json.length > 100_000) return undefined;
  const items: PartnerItem[] = [];
  let rejected = 0;
  for (const entry of json) {
    const parsed = partnerItemSchema.safeParse(entry);
    if (parsed.success) items.push(parsed.data);
    else rejected++;
  }
  return { items, rejected };
}

/** What `--report-to` sends: hashes of issued-key findings, never the tokens. */
export const reportSchema = z.object({
  version: z.literal(1),
  tool: z.string().max(100).optional(),
  findings: z
    .array(
      z.object({
        ruleId: z.string().max(200),
        tokenHash: z.string().regex(SHA256_HEX, 'lowercase hex SHA-256'),
        file: z.string().max(4096).optional(),
        line: z.number().int().min(0).optional(),
        commit: z.string().max(100).optional(),
      }),
    )
    .max(10_000),
});

export type ReportBody = z.infer<typeof reportSchema>;
