import type { FailOn, FailOnConfidence } from '../config/schema.js';

/**
 * Every scan default in one place: the CLI shows these in --help, the Action and the
 * Node API fall back to them, and a config value replaces them (never a value the
 * caller set).
 */
export const SCAN_DEFAULTS = {
  /** Files (and blobs) larger than this are skipped, as bytes or with a suffix. */
  maxFileSize: '10MB',
  /** What makes a run exit 1. */
  failOn: 'secret' as FailOn,
  /** The lowest confidence that can make a run exit 1: low-confidence findings are reported but pass. */
  failOnConfidence: 'medium' as FailOnConfidence,
  /** Honor keylint:allow and other tools' inline markers. */
  inlineIgnores: true,
  /** Read and update the history blob cache under .git/keylint/. */
  cache: true,
} as const;
