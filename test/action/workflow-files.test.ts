import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendSummary, setOutput } from '../../src/action/workflow-files.js';
import { tempDir } from '../helpers/cli.js';
import { parseOutputs } from './helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('workflow files', () => {
  it('writes outputs in the heredoc form with a random delimiter, so newlines cannot forge another output', () => {
    const file = join(dir, 'out');
    setOutput(file, 'findings', '3');
    setOutput(file, 'note', 'line one\nsecrets=0');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^findings<<ghadelimiter_[0-9a-f-]{36}\n3\nghadelimiter_[0-9a-f-]{36}\n/);
    expect(parseOutputs(text)).toEqual({ findings: '3', note: 'line one\nsecrets=0' });
  });

  it('appends to the step summary, keeping what earlier steps wrote', () => {
    const file = join(dir, 'summary');
    appendSummary(file, '# one');
    appendSummary(file, '# two\n');
    expect(readFileSync(file, 'utf8')).toBe('# one\n# two\n');
  });

  it('does nothing outside a runner (no file given)', () => {
    expect(() => setOutput(undefined, 'x', '1')).not.toThrow();
  });
});
