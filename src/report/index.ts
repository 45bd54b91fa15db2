import { jsonReporter } from './json.js';
import { textReporter } from './text.js';
import type { Reporter } from './types.js';

export type { Reporter, ReportOptions, ScanReport } from './types.js';

/** Output formats by name. */
export const REPORTERS: Readonly<Record<string, Reporter>> = {
  text: textReporter,
  json: jsonReporter,
};

export const FORMAT_NAMES = Object.keys(REPORTERS);
