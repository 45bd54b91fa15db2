// keylint's programmatic API: the engine plus the built-in rules.
export * from './engine/index.js';
export { loadBuiltinRules, BUILTIN_RULES_DIR } from './rules/load-rules.js';
export { main } from './cli/main.js';
export type { CliIO } from './cli/io.js';
export type { ScanReport } from './report/index.js';
