import { loadBuiltinRules } from '../../src/rules/load-rules.js';
import { expandExample, Scanner, type Chunk, type Finding } from '../../src/engine/index.js';
import type { ScanReport } from '../../src/report/index.js';
import { emptySkips } from '../../src/sources/types.js';

let scanner: Scanner | undefined;

/** Findings the real engine reports for in-memory files. */
export function scanChunks(chunks: Chunk[]): Finding[] {
  scanner ??= new Scanner(loadBuiltinRules().rules);
  return chunks.flatMap((c) => scanner!.scan(c));
}

export function reportOf(findings: Finding[], files = 1): ScanReport {
  return {
    findings,
    stats: { files, bytes: 1234, durationMs: 42, rules: 250, skipped: emptySkips(), suppressed: 0 },
    tool: { name: 'keylint', version: '0.1.0' },
  };
}

/**
 * A report that exercises every corner a format must get right: a secret after an astral
 * character (UTF-16 columns), a publishable key, a path with characters CSV, XML, URIs and
 * workflow commands treat specially, and a history finding with commit facts.
 */
export function sampleReport(): { report: ScanReport; token: string; publishable: string } {
  const token = expandExample('{{crc32:ghp_}}');
  const publishable = `pk_live_${expandExample('{{rand:base62:40}}')}`;
  const findings = scanChunks([
    { path: 'src/config.ts', text: `// 😀 emoji first\nconst label = "😀"; const token = "${token}";\n` },
    { path: 'web/.env', text: `NEXT_PUBLIC_STRIPE_KEY=${publishable}\n` },
    { path: 'odd dir/a,b "c" <d>:e%f.env', text: `GITHUB_TOKEN=${token}\n` },
  ]);
  const history = scanChunks([{ path: 'old/secrets.env', text: `GH=${token}\n` }]).map((f) =>
    Object.assign(f, { commit: 'a'.repeat(40), author: 'Dev, "Q" <x>', email: 'dev@example.com', date: '2024-05-01T10:00:00Z', inHead: false }),
  );
  return { report: reportOf([...findings, ...history], 4), token, publishable };
}
