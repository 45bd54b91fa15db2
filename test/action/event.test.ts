import { describe, expect, it } from 'vitest';
import { planScan } from '../../src/action/event.js';
import { readInputs } from '../../src/action/inputs.js';
import { pullRequestPayload } from './helpers.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const ZERO = '0'.repeat(40);

describe('planScan', () => {
  it('scans a pull request base..head by default', () => {
    const plan = planScan('auto', 'pull_request', pullRequestPayload({ sha: A, ref: 'main' }, { sha: B, ref: 'feature' }));
    expect(plan).toMatchObject({ kind: 'range', base: A, head: B });
    expect(plan.why).toBe('pull request #7: aaaaaaaa..bbbbbbbb');
  });

  it('scans a push before..after, a new branch by its own commits, a deleted branch not at all', () => {
    expect(planScan('auto', 'push', { before: A, after: B, ref: 'refs/heads/main' })).toMatchObject({
      kind: 'range',
      base: A,
      head: B,
      branch: 'refs/heads/main',
    });
    expect(planScan('auto', 'push', { before: ZERO, after: B, ref: 'refs/heads/feat' })).toMatchObject({
      kind: 'new-branch',
      head: B,
      branch: 'refs/heads/feat',
    });
    expect(planScan('auto', 'push', { before: A, after: ZERO, ref: 'refs/heads/gone', deleted: true }).kind).toBe('nothing');
  });

  it('scans the full history on schedule and workflow_dispatch', () => {
    expect(planScan('auto', 'schedule', {}).kind).toBe('history');
    expect(planScan('auto', 'workflow_dispatch', {}).kind).toBe('history');
  });

  it('lets mode override the event, and refuses diff without a range', () => {
    const pr = pullRequestPayload({ sha: A, ref: 'main' }, { sha: B, ref: 'f' });
    expect(planScan('tree', 'pull_request', pr).kind).toBe('tree');
    expect(planScan('history', 'pull_request', pr).kind).toBe('history');
    expect(() => planScan('diff', 'schedule', {})).toThrow(/^input mode: diff needs a pull_request or push event/);
  });

  it('names the missing field of a malformed payload', () => {
    expect(() => planScan('auto', 'pull_request', {})).toThrow('pull_request payload has no pull_request.base.sha / head.sha');
  });
});

describe('readInputs', () => {
  it('reads INPUT_ variables with defaults, in either dash spelling', () => {
    expect(readInputs({})).toEqual({ path: '.', mode: 'auto', sarifFile: 'keylint.sarif' });
    expect(readInputs({ 'INPUT_FAIL-ON': 'critical', INPUT_SARIF_FILE: 'out/k.sarif', INPUT_MODE: ' tree ' })).toMatchObject({
      failOn: 'critical',
      sarifFile: 'out/k.sarif',
      mode: 'tree',
    });
  });

  it('rejects an unknown mode or fail-on naming the input', () => {
    expect(() => readInputs({ INPUT_MODE: 'all' })).toThrow('input mode: "all" is not one of auto, tree, history, diff');
    expect(() => readInputs({ 'INPUT_FAIL-ON': 'always' })).toThrow('input fail-on: "always" is not one of secret, critical, publishable, verified, none');
  });
});
