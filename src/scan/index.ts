// The scan layer's public surface: the Node API the package root exports, and what every door (CLI, Action, ESLint) builds on.
export { scanPaths, scanRoot, type PathScanOptions } from './scan-paths.js';
export { scanText, type TextScanOptions } from './scan-text.js';
export { scanHistory, scanRange, type HistoryScanOptions } from './scan-history.js';
export { scanStaged, type StagedScanOptions } from './scan-staged.js';
export type { ScanOptions } from './options.js';
export type { ScanResult } from './result.js';
export { exitCodeFor } from './exit-code.js';
export { SCAN_DEFAULTS } from './defaults.js';
