import type { Finding } from '../engine/index.js';
import { printable } from './printable.js';
import { commitPhrase, verificationPhrase } from './summary.js';
import { summaryLine } from './text.js';
import type { Reporter } from './types.js';

// GitHub's workflow-command escaping (actions/toolkit `command.ts`): without it a value holding
// a newline could end the command early and start a command of its own on the next line.

/** A command's message. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command's property value: the message escapes plus the `:` and `,` that separate properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One annotation command; `col`/`endColumn` are 1-based UTF-16 columns, the end exclusive as GitHub reads it. */
function annotation(f: Finding): string {
  const command = f.kind === 'secret' ? 'error' : 'notice';
  const props: [string, string | number][] = [
    // Raw ESC or BEL from a file name would reach the log viewer; the file property keeps the path GitHub matches.
    ['file', f.file.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (c) => printable(c))],
    ['line', f.line],
    ['endLine', f.endLine],
    ['col', f.column],
    ['endColumn', f.endColumn],
    [
      'title',
      `keylint ${f.ruleId}: ${f.verification?.status === 'verified' ? 'verified ' : ''}${f.kind === 'secret' ? `${f.severity} secret` : 'publishable key'}`,
    ],
  ];
  const history = commitPhrase(f);
  const message = [
    `${f.title} ${printable(f.redacted)}: ${printable(f.reason)}`,
    history && `Found in ${printable(history)}.`,
    verificationPhrase(f) && `${verificationPhrase(f)}.`,
    f.kind === 'secret' && f.docs && `Rotate or revoke: ${f.docs}`,
  ]
    .filter(Boolean)
    .join('\n');
  return `::${command} ${props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}::${escapeData(message)}`;
}

/** `--format github`: GitHub Actions annotations (`::error` for secrets, `::notice` for publishable keys), then the summary line. */
export const githubReporter: Reporter = (report) => [...report.findings.map(annotation), summaryLine(report), ''].join('\n');
