import { isTestPath, lineBounds } from './context.js';
import type { CompiledRule, Confidence, Validation } from './types.js';

// Folders holding test applications and end-to-end suites, and API example files
// (`*.examples.json`): values there are written to be shown or thrown away.
const EXAMPLE_PATH =
  /(?:^|\/)(?:tests?|specs?)\.[A-Za-z]+$|(?:^|\/)(?:e2e|integration[-_]?tests?|test[-_]?apps?|test[-_]?applications?|[\w.-]+[-_]tests?|tests?[-_][\w.-]+|cassettes?|__fixtures__|docs?\/examples?|snippets?)\/|\.examples?\.(?:json|ya?ml|[cm]?[jt]sx?)$/i;

// A comment that introduces an example: "For example", "e.g.", "@example", "Example:".
const EXAMPLE_COMMENT =
  /(?:\/\/|\/\*|^\s*\*|#|<!--|"""|''')[^\n]*(?:\bfor example\b|\be\.g\.|@example\b|\bexample:|\bsample:|\bfor instance\b|\blooks? (?:something )?like(?: this)?:|\bsuch as:)/im;
const COMMENT_LINES = 4;

/** Whether the value sits under (or on) a comment that introduces it as an example. */
export function introducedAsExample(text: string, start: number): boolean {
  const { start: lineStart, end } = lineBounds(text, start);
  let from = lineStart;
  for (let i = 0; i < COMMENT_LINES && from > 0; i++) from = text.lastIndexOf('\n', from - 2) + 1;
  return EXAMPLE_COMMENT.test(text.slice(from, end));
}

/** Whether a path holds tests, fixtures, examples or test applications. */
export function isExamplePath(path: string): boolean {
  return isTestPath(path) || EXAMPLE_PATH.test(path);
}

// A word with digits or a symbol tacked on (`hunter22`, `Summer2024!`, `admin_123`), or too
// short to be an issued credential: a weak password, not a generated key.
const WORD_WITH_SUFFIX = /^(?:[a-z]+|[A-Z][a-z]+|[A-Z]+)[-_.]?\d*[!@#$%^&*?.]*$/;
// Leetspeak spelled back (`rapunz3l`, `p4ssw0rd`) before looking for the word.
const UNLEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

/** Whether a value reads as a person's weak password rather than a generated credential. */
export function weakLooking(secret: string): boolean {
  if (secret.length < 8 || WORD_WITH_SUFFIX.test(secret)) return true;
  const stem = secret.replace(/[\d!@#$%^&*?._-]+$/, '');
  const unleet = [...stem].map((ch) => UNLEET[ch] ?? ch).join('');
  return stem.length >= 4 && WORD_WITH_SUFFIX.test(unleet) && /[a-z]{3}/i.test(unleet);
}

// Prose documentation: a generic match there (no provider format) is a sample in a code block.
const DOCS_FILE = /\.(?:md|mdx|markdown|rst|adoc|asciidoc)$/i;

export interface ConfidenceInput {
  rule: CompiledRule;
  secret: string;
  path: string;
  text: string;
  start: number;
  validation?: Validation;
  /** The value is under the rule's entropy floor and kept only because the rule reports weak values. */
  weak?: boolean;
}

const ORDER: readonly Confidence[] = ['low', 'medium', 'high'];
const lower = (a: Confidence, b: Confidence): Confidence => (ORDER.indexOf(a) <= ORDER.indexOf(b) ? a : b);

/**
 * How sure a finding is: high for a provider format (proven by a checksum or structure, or
 * specific enough), medium for a random-looking value under a credential's name, low for
 * weak values, tests, fixtures and documented examples. A rule may cap its own confidence.
 */
export function confidenceOf(input: ConfidenceInput): Confidence {
  const { rule, path, text, start } = input;
  let c: Confidence = input.validation?.valid ? 'high' : rule.generic ? 'medium' : 'high';
  if (input.weak) c = lower(c, rule.weakConfidence ?? 'low');
  else if (rule.generic && weakLooking(input.secret)) c = 'low';
  if (rule.confidence) c = lower(c, rule.confidence);
  if (isExamplePath(path) || introducedAsExample(text, start)) c = 'low';
  if (rule.generic && DOCS_FILE.test(path)) c = 'low';
  return c;
}
