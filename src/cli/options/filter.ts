import type { Argv } from 'yargs';
import { CONFIG_FILE } from '../../config/load-config.js';
import { FAIL_ON, FAIL_ON_CONFIDENCE, type FailOn, type FailOnConfidence } from '../../config/schema.js';
import { SCAN_DEFAULTS } from '../../scan/defaults.js';

export interface FilterArgs {
  config?: string;
  baseline?: string;
  inlineIgnores?: boolean;
  failOn?: FailOn;
  failOnConfidence?: FailOnConfidence;
}

/** Options that choose rules and silence findings: shared by every scanning command. */
export function filterOptions<T>(y: Argv<T>): Argv<T & FilterArgs> {
  return y
    .option('config', { describe: `config file (default: the nearest ${CONFIG_FILE} at or above the scan root)`, type: 'string', requiresArg: true })
    .option('baseline', { describe: 'report only findings not recorded in this baseline file', type: 'string', requiresArg: true })
    .option('inline-ignores', {
      describe: "honor keylint:allow and other tools' inline markers (--no-inline-ignores for audits)",
      type: 'boolean',
      default: SCAN_DEFAULTS.inlineIgnores,
    })
    .option('fail-on', { describe: 'what makes the run exit 1 (default: secret, or failOn in the config)', choices: FAIL_ON })
    .option('fail-on-confidence', {
      describe: `lowest confidence that makes the run exit 1; low-confidence findings (weak values, tests, documented examples) are reported either way (default: ${SCAN_DEFAULTS.failOnConfidence}, or failOnConfidence in the config)`,
      choices: FAIL_ON_CONFIDENCE,
    }) as unknown as Argv<T & FilterArgs>;
}
