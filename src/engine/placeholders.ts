/**
 * Documentation values published by providers as examples. They match real
 * formats exactly, so only a list can tell them apart.
 */
export const BUILTIN_IGNORED: ReadonlySet<string> = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  'pk_test_TYooMQauvdEDq54NiTphI7jx',
  'sk_test_BQokikJOvBiI2HlWgH4olfQ2',
  'pk_test_6pRNASCoBOKtIshFeQd4XMUh',
  'xoxb-not-a-real-token-this-will-not-work',
  // Azurite / Storage Emulator well-known development key.
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  'SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  // The Telegram Bot API documentation's example token.
  '123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11',
  // RFC 6749 (OAuth 2.0) example access and refresh tokens, copied into countless docs.
  '2YotnFZFEjr1zCsicMWpAA',
  'tGzv3JOkF0XG5Qx2TlKWIA',
]);

// Words that only appear in values written for people, never in issued keys.
const PLACEHOLDER_WORDS =
  /example|sample|dummy|placeholder|changeme|change[_-]me|replace[_-]?me|insert[_-]?your|your[_-]?(?:own[_-]?)?(?:api|secret|access|private|app|auth|client|token|key|password|pass)|redacted|fake[_-]?(?:key|token|secret)|not[_-]?a[_-]?real|do[_-]?not[_-]?use|xxxxxx/i;

// Masks and elisions: `****`, `xxxx`, `....`, `…` (\u2026), `•••` (\u2022).
const MASKED = /\*{3,}|x{5,}|X{5,}|\.{3,}|\u2026|\u2022{2,}|#{4,}|0{10,}/;
// A long run of one character that makes up much of the value (`aaaaaaaaaaaa`). Encoded keys
// contain runs such as `AAAAAAAAAA` too, but as a small part of a longer value.
function dominatedByRun(secret: string): boolean {
  const runs = secret.match(/(.)\1{9,}/g);
  if (!runs) return false;
  return Math.max(...runs.map((r) => r.length)) >= 0.4 * secret.length;
}

// References to a value kept elsewhere: `${VAR}`, `$VAR`, `{{ var }}`, `%VAR%`, `<YOUR_KEY>`, `[KEY]`.
const REFERENCE = /^(?:\$\{[^}]*\}?|\$[A-Za-z_][\w]*|\{\{.*\}\}|%[A-Za-z_][\w]*%|<[^>]*>?|\[[A-Z_]+\])$|^\$\{|^\{\{|^<[A-Za-z_ -]+>$/;

const TEMPLATE = /\$\{|\{[A-Za-z_][\w.]*(?:\[[^\]]*\])*(?:![rsa])?(?::[^{}]*)?\}|%\([A-Za-z_]\w*\)[sdr]/;
// Regular-expression syntax written in code: groups, escapes, classes with quantifiers.
const REGEX_SOURCE = /\(\?(?:[:=!]|<[=!])|\\[dwsbDWSB][*+?{]|\[\^?[^\]]+\][*+?{]/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

// Code that reads a value from the environment or a secret store instead of holding it.
const ENV_LOOKUP =
  /process\.env|import\.meta\.env|os\.environ|os\.getenv|getenv\(|System\.getenv|ENV\[|Environment\.GetEnvironmentVariable|secrets\.|vault\(|\$\{\{\s*secrets\./;

// A word for a secret dressed up as one: `secret123`, `pa$$word`, `P@ssw0rd!`, `somepassword`;
// or any value spelling out "password" or "secret" (`SomeKindOfPassword123!`).
const SECRET_WORD = /^(?:my|your|some|super|the|test|dummy|fake|default|admin|user|db|app)?(?:secret|password|passwd|pass|pwd|token|apikey|key)s?$/;
const UNLEET: Record<string, string> = { $: 's', '5': 's', '@': 'a', '4': 'a', '0': 'o', '3': 'e', '1': 'i', '!': 'i', '7': 't' };

/**
 * Whether a value is the word "secret" or "password" dressed up. Generic rules use it in
 * source and documentation, where such values are samples (`password: 'secret123'`); in a
 * credential or config file the same value is somebody's real, weak password.
 */
export function dressedUpSecretWord(secret: string): boolean {
  const core = percentDecoded(secret)
    .replace(/^[\W_]+/, '')
    .replace(/[\d\W_]+$/, '');
  const letters = [...core.toLowerCase()]
    .map((c) => UNLEET[c] ?? c)
    .join('')
    .replace(/[^a-z]/g, '');
  return SECRET_WORD.test(letters) || /password|passwd|secret/.test(letters);
}

/** `p%40ss` as `p@ss`: URL passwords are percent-encoded. */
function percentDecoded(secret: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(secret)) return secret;
  try {
    return decodeURIComponent(secret);
  } catch {
    return secret;
  }
}

/** Why a candidate is a placeholder rather than a credential, or undefined if it looks real. */
export function placeholderReason(secret: string): string | undefined {
  if (BUILTIN_IGNORED.has(secret)) return 'a published documentation example';
  if (PLACEHOLDER_WORDS.test(secret)) return 'a placeholder word';
  if (MASKED.test(secret) || dominatedByRun(secret)) return 'a masked or elided value';
  if (REFERENCE.test(secret)) return 'a reference to a value stored elsewhere';
  // `${…}` in a template literal, `{name}` in an f-string, `%(name)s` in a format string: filled
  // in at run time. A bare `%s` is not enough: random passwords contain `%d`, `%s` by chance.
  if (TEMPLATE.test(secret)) return 'built from a template at run time';
  if (TIMESTAMP.test(secret)) return 'a date or time';
  if (REGEX_SOURCE.test(secret)) return 'a regular expression written in code';
  if (ENV_LOOKUP.test(secret)) return 'an environment lookup';
  if (lowVariety(secret)) return 'too few distinct characters to be random';
  if (/0123456789|123456789|abcdefghij|ABCDEFGHIJ|qwertyuiop/.test(secret)) return 'a keyboard or counting sequence';
  return undefined;
}

// A random credential of 16+ characters uses many distinct symbols; `aaaabbbb…` does not.
function lowVariety(secret: string): boolean {
  const body = secret.replace(/^[a-z]{2,6}[_-]/i, '');
  if (body.length < 12) return false;
  return new Set(body).size <= Math.min(6, Math.max(3, Math.floor(body.length / 8)));
}

/**
 * A value spelled like code or a header name (`TSPrivateKeyword`, `?NonExpressionParenEnd`,
 * `AWSAccessKeyId`, `Access-Control-Allow-Credentials`): letters only, in two or more
 * word-like parts. Generic rules use it: a constant's name, not a random credential
 * (random letters split at their capitals into parts one or two letters long).
 */
export function identifierLike(secret: string): boolean {
  const body = secret.replace(/^[^A-Za-z0-9]/, '');
  if (!/^[A-Za-z]+(?:[-_.: ][A-Za-z]+)*$/.test(body)) return false;
  const parts = body.match(/[A-Z]+(?=[A-Z][a-z]|[^A-Za-z]|$)|[A-Z]?[a-z]+/g) ?? [];
  if (parts.length < 2 || parts.some((p) => p.length < 2)) return false;
  return parts.reduce((n, p) => n + p.length, 0) / parts.length >= 3.5;
}
