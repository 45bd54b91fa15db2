// keylint's Node API: scans of folders, text, history and staged changes, the engine
// underneath them, the built-in rules and the report types.
export * from './engine/index.js';
export * from './scan/index.js';
export { loadBuiltinRules, BUILTIN_RULES_DIR } from './rules/load-rules.js';
export { REPORTERS, type ScanReport, type Reporter, type ReportOptions } from './report/index.js';
export type { SkipCounts } from './sources/types.js';
export type { FailOn } from './config/schema.js';
export type { DoorIO as CliIO } from './scan/io.js';
export { main } from './cli/main.js';
