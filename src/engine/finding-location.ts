import { attachSecret, secretFacts } from './finding-secret.js';
import type { Chunk, Finding } from './types.js';

/**
 * A finding as a cache may keep it: where it is and what the engine concluded about it,
 * with nothing derived from the secret (no value, redaction, entropy or fingerprint, which
 * could be matched against guesses). The text it was found in gives the rest back.
 */
export type FindingLocation = Pick<
  Finding,
  | 'ruleId'
  | 'provider'
  | 'title'
  | 'kind'
  | 'severity'
  | 'confidence'
  | 'line'
  | 'column'
  | 'endLine'
  | 'endColumn'
  | 'start'
  | 'end'
  | 'reason'
  | 'docs'
  | 'name'
>;

/** The finding's location, or undefined when its secret is not the text at its offsets (a value decoded from base64, say). */
export function locateFinding(f: Finding, chunk: Chunk): FindingLocation | undefined {
  if (chunk.text.slice(f.start, f.end) !== f.secret) return undefined;
  const { ruleId, provider, title, kind, severity, confidence, line, column, endLine, endColumn, start, end, reason, docs, name } = f;
  return { ruleId, provider, title, kind, severity, confidence, line, column, endLine, endColumn, start, end, reason, docs, name };
}

/** The finding a location describes in `chunk`, as the scanner would report it. */
export function restoreFinding(location: FindingLocation, chunk: Chunk): Finding {
  const secret = chunk.text.slice(location.start, location.end);
  return attachSecret({ ...location, file: chunk.path, ...secretFacts(location.ruleId, secret) }, secret);
}
