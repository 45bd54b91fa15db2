import { csvReporter } from './csv.js';
import { githubReporter } from './github.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { markdownReporter } from './markdown.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';
import type { Reporter } from './types.js';

export type { Reporter, ReportOptions, ScanReport } from './types.js';

/** Output formats by name. */
export const REPORTERS: Readonly<Record<string, Reporter>> = {
  text: textReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  junit: junitReporter,
  csv: csvReporter,
  github: githubReporter,
  markdown: markdownReporter,
};

export const FORMAT_NAMES = Object.keys(REPORTERS);
