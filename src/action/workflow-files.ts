import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { KeylintError } from '../engine/index.js';

/**
 * Appends `name` = `value` to the GITHUB_OUTPUT file in the heredoc form
 * (`name<<DELIM`, value, `DELIM`) with a random delimiter, as @actions/core does, so a value
 * holding newlines or `=` cannot forge another output.
 */
export function setOutput(file: string | undefined, name: string, value: string): void {
  if (!file) return;
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter)) throw new KeylintError(`output ${name}: value contains its delimiter`);
  append(file, 'GITHUB_OUTPUT', `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}

/** Appends Markdown to the job's step summary (GITHUB_STEP_SUMMARY); other steps' summaries in the file stay. */
export function appendSummary(file: string | undefined, markdown: string): void {
  if (!file) return;
  append(file, 'GITHUB_STEP_SUMMARY', markdown.endsWith('\n') ? markdown : `${markdown}\n`);
}

function append(file: string, label: string, text: string): void {
  try {
    appendFileSync(file, text);
  } catch (e) {
    throw new KeylintError(`${label} ${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
