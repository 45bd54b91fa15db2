// The engine's public surface: everything a door (CLI, ESLint, webhook) needs to turn text into findings.
export type { Chunk, ClassifyWhen, CompiledRule, Confidence, Finding, Kind, Severity, Validation } from './types.js';
export { SEVERITIES } from './types.js';
export { KeylintError, RuleError, RuleErrors } from './errors.js';
export { compileRule, compileRuleFiles, compileSpecs, readRuleSpecs, validateRuleFiles, type ParsedRuleFile, type RuleSet, type SourcedSpec } from './compile.js';
export { ruleSchemas, type RuleSpec } from './rule-schema.js';
export { Scanner, resolveOverlaps, type Candidate } from './scanner.js';
export { redact, redactIn } from './redact.js';
export { fingerprint } from './fingerprint.js';
export { shannonEntropy } from './entropy.js';
export { placeholderReason, BUILTIN_IGNORED } from './placeholders.js';
export { VALIDATORS, type Validator } from './validators/index.js';
export { expandExample } from './examples.js';
export { toJsRegex } from './regex.js';
