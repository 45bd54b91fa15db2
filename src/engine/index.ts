// The engine's public surface: everything a door (CLI, ESLint, webhook) needs to turn text into findings.
export type { Chunk, ClassifyWhen, CompiledRule, Confidence, Finding, Kind, Severity, Validation, Verification, VerificationStatus } from './types.js';
export { SEVERITIES } from './types.js';
export { KeylintError, missingPeer, RuleError, RuleErrors } from './errors.js';
export {
  compileRule,
  compileRuleFiles,
  compileSpecs,
  readRuleSpecs,
  validateRuleFiles,
  type ParsedRuleFile,
  type RuleSet,
  type SourcedSpec,
} from './compile.js';
export { ruleSchemas, type RuleSpec } from './rule-schema.js';
export type { VerifySpec, VerifyAnswer } from './verify-spec.js';
export { Scanner, resolveOverlaps, type Candidate, type RegexOverrun } from './scanner.js';
export { KeywordLoop, type KeywordPositions, type LoopTables } from './prefilter.js';
export { quoteUserValue, redact, redactIn } from './redact.js';
export { fingerprint } from './fingerprint.js';
export { shannonEntropy } from './entropy.js';
export { placeholderReason, BUILTIN_IGNORED } from './placeholders.js';
export { VALIDATORS, type Validator } from './validators/index.js';
export { expandExample } from './examples.js';
export { toJsRegex, regexSyntaxProblem } from './regex.js';
export { locateFinding, restoreFinding, type FindingLocation } from './finding-location.js';
export { attachSecret } from './finding-secret.js';
export { browserExposure } from './context.js';
export { LineIndex } from './line-index.js';
export { makeBase62Crc32Token } from './validators/base62-crc32.js';
export { lazyZod } from './lazy-zod.js';
export { regexSpan, type RegexSpan } from './regex-span.js';
