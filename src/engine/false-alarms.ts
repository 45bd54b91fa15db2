import { assignedName, lineBounds } from './context.js';

/**
 * Classes of values that generic rules (a secret-ish name, a random-looking value) take for
 * credentials in real code, each recognised by its shape or its place, never by a list of values.
 */

// Lockfiles list packages: names such as `@aws-sdk/credential-provider-node` and their
// versions, integrity hashes and URLs, never a credential.
const LOCKFILE =
  /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.ya?ml|bun\.lockb?|Cargo\.lock|poetry\.lock|Pipfile\.lock|uv\.lock|Gemfile\.lock|composer\.lock|go\.sum|packages\.lock\.json|gradle\.lockfile|mix\.lock|pubspec\.lock|Podfile\.lock|Package\.resolved|flake\.lock)$/;

// A version or version range (`^3.1.0`, `~1.2`, `>=2.0.0-beta.1`, `v1.2.3`).
const VERSION = /^(?:[~^]|[<>]=?|=)?v?\d+(?:\.(?:\d+|x|\*)){1,3}(?:[-+][\w.-]+)?$/;

// Tokens that name a position in a listing or a retry, not an identity: `nextToken`,
// `NextContinuationToken`, `resumeToken`, `idempotencyToken`, `pageToken`, `cursor`.
const POSITION_TOKEN_NAME =
  /(?:next|prev(?:ious)?|page|paging|pagination|continuation|resume|idempotency|idempotent|cursor|sync|start(?:ing)?|change|batch|csrf|xsrf|input|output)[_-]?token$|continuation|cursor|marker$/i;

// References resolved elsewhere: `env(DB_PASSWORD)`, `secret(name)`, `vault(path)`, `lookup(...)`.
const CALL_REFERENCE = /^[\w.$]*(?:env|secret|secrets|vault|getenv|var|lookup|config|param|parameter|ssm|file)\([^)]*\)?$/i;

// Redaction markers written by loggers and recorders: `[Filtered]`, `[REDACTED]`, `<masked>`.
const REDACTION = /^[[<({]?(?:filtered|redacted|masked|hidden|removed|omitted|scrubbed|sanitized|obfuscated|secret|sensitive|private|censored)[\])}>]?$/i;
// A name in brackets stands in for a value: `[claim_signature]`, `[device key]`, `(token)`.
const BRACKETED_NAME = /^(?:\[[A-Za-z][\w .-]*\]|\([A-Za-z][\w .-]*\))$/;

// A call or a namespaced name taken as a value: `getToken()`, `Auth::token`, `App\Secrets\Key`,
// `com.example.SecretStore`, `Credentials.SecretAccessKey`.
const CALL_EXPRESSION = /^[A-Za-z_$][\w$]*(?:[.:]{1,2}[A-Za-z_$][\w$]*)*\([^()]*\)$/;
const NAMESPACED = /^\\?[A-Za-z_$][\w$]*(?:(?:::|\\|->)[A-Za-z_$][\w$]*)+$|^[A-Za-z_]{3,}(?:#[A-Za-z_]{3,})+$/;
// A lowerCamelCase identifier, digits allowed inside words (`exchangeRecaptchaV3Token`).
const CAMEL_IDENTIFIER = /^[a-z]{2,}(?:[A-Z][a-z0-9]*){2,}$/;

// A property access taken as a value: `this.apiKey`, `e.options.token` (minified), `config.auth.secret`.
const PROPERTY_ACCESS = /^(?:this|self)(?:\.[A-Za-z_$][\w$]*)+$|^[A-Za-z_$][A-Za-z_$]*(?:\.[A-Za-z_$][A-Za-z_$]*)+$/;

// The gap between two concatenated strings: `"+a.value+"`, `'.$token.'`, `" + key + "`.
const CONCATENATION_GAP = /^\s*(?:\+|\.\s*\$?|&)\s*[\w$.[\]()'"-]+\s*(?:\+|\.|&)\s*$/;
// Code captured between two string literals (minified code especially): operators and calls.
const CODE_FRAGMENT = /^\+[A-Za-z_$]|\|\||&&|=>|\)[,;{}]|\(\)[;,.]/;

// JMESPath / JSONPath queries (`Reservations[].Instances[].Id`, `Items[?Name=='x']`, `$.auth.token`).
const QUERY_PATH = /\[\]|\[\*\]|\[\?|\[-?\d+\]\.|^\$\.[A-Za-z_]|\|\s*[a-z_]+\(/;

// HTML or XML markup and entities inside the value.
const MARKUP = /<\/?[A-Za-z][\w-]*(?:[\s>/]|$)|&(?:lt|gt|quot|amp|apos|nbsp|#\d+);/;

/** base64 whose bytes are plain words (`dGhpcyBpcyBhIHRlc3Q=` is "this is a test"). */
function base64OfPlainWords(secret: string): boolean {
  if (secret.length < 12 || !/^[A-Za-z0-9+/]+={0,2}$/.test(secret) || secret.length % 4 !== 0) return false;
  const decoded = Buffer.from(secret, 'base64').toString('latin1');
  if (!/^[\x20-\x7e]+$/.test(decoded)) return false;
  if (decoded.includes(':')) return false; // `user:password` is Basic credentials, not prose
  const words = decoded.match(/[A-Za-z]{2,}/g) ?? [];
  const letters = words.reduce((n, w) => n + w.length, 0);
  return words.length >= 2 && letters >= 0.75 * decoded.replace(/\s/g, '').length && /\s|[a-z][A-Z]|[_-]/.test(decoded);
}

/** lowerCamelCase made of word-like parts: a method or property name taken as a value. */
function identifierWords(secret: string): boolean {
  if (!CAMEL_IDENTIFIER.test(secret)) return false;
  const parts = secret.match(/[A-Z]?[a-z]+/g) ?? [];
  return parts.length >= 3 && parts.reduce((n, p) => n + p.length, 0) / parts.length >= 3.5;
}

const SAMPLE_PREFIX = /^(?:my|your|the|some|example|sample|test|dummy|fake)/;

/** `"idToken": "my_idToken"`, `X_METADATA_TOKEN = "x-metadata-token"`: the value spells the key. */
function repeatsName(secret: string, name: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const value = norm(secret);
  const key = norm(name.split('.').pop() ?? name);
  if (key.length < 4) return false;
  return value === key || value.replace(SAMPLE_PREFIX, '') === key;
}

/** Whether the match sits on a line that only documents it: a comment inside a commented-out block. */
function commentedReference(text: string, start: number, secret: string): boolean {
  const { start: ls } = lineBounds(text, start);
  const before = text.slice(ls, start);
  return /^\s*(?:#|\/\/|--|;|\*)/.test(before) && /\$\{|env\(|\benv\b/i.test(before + secret);
}

/** Why a generic match is not a credential, by its shape or where it sits; undefined if it may be one. */
export function notACredentialReason(secret: string, path: string, text: string, start: number): string | undefined {
  if (LOCKFILE.test(path)) return 'a lockfile lists packages and versions, not credentials';
  if (VERSION.test(secret)) return 'a version number';
  if (CALL_REFERENCE.test(secret)) return 'a reference resolved elsewhere (env(), secret(), vault())';
  if (REDACTION.test(secret)) return 'a redaction marker';
  if (BRACKETED_NAME.test(secret)) return 'a name in brackets standing in for a value';
  if (CALL_EXPRESSION.test(secret) || NAMESPACED.test(secret) || PROPERTY_ACCESS.test(secret) || identifierWords(secret))
    return 'an identifier, call or namespaced name, not a literal';
  if (CONCATENATION_GAP.test(secret) || CODE_FRAGMENT.test(secret)) return 'the code between two string literals';
  if (QUERY_PATH.test(secret)) return 'a JMESPath or JSONPath query';
  if (MARKUP.test(secret)) return 'an HTML or XML fragment';
  if (base64OfPlainWords(secret)) return 'base64 of plain words';
  if (commentedReference(text, start, secret)) return 'a commented-out reference to the environment';
  const name = assignedName(text, start);
  if (name && repeatsName(secret, name)) return `the value repeats its own name (${name}), a sample`;
  if (name && POSITION_TOKEN_NAME.test(name)) return `${name} names a position in a listing or a retry, not a credential`;
  return undefined;
}
