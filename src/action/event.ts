import { readFileSync } from 'node:fs';
import { KeylintError } from '../engine/index.js';
import type { ActionMode } from './inputs.js';

/** The parts of a workflow event payload that choose the commits to scan. */
export interface EventPayload {
  pull_request?: { base?: { sha?: string; ref?: string }; head?: { sha?: string; ref?: string }; number?: number };
  before?: string;
  after?: string;
  ref?: string;
  deleted?: boolean;
}

/** What the action scans, decided from the mode and the event. */
export type ScanPlan =
  | { kind: 'tree'; why: string }
  | { kind: 'history'; why: string }
  /** Commits reachable from `head` and not from `base`; `branch` is the pushed ref, for push events. */
  | { kind: 'range'; base: string; head: string; branch?: string; why: string }
  /** A new branch: commits reachable from `head` and from no other ref (`branch` is the pushed one, excluded from "other"). */
  | { kind: 'new-branch'; head: string; branch: string; why: string }
  | { kind: 'nothing'; why: string };

const ZERO_SHA = /^0+$/;

/** Reads the event payload the runner wrote at GITHUB_EVENT_PATH (an empty object when there is none). */
export function readEvent(path: string | undefined): EventPayload {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as EventPayload;
  } catch (e) {
    throw new KeylintError(`GITHUB_EVENT_PATH ${path}: cannot read the event payload (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/**
 * Chooses the scan for an event. `auto` scans a pull request's own commits (base..head), a
 * push's pushed commits (before..after; a new branch: its commits on no other ref), and the
 * whole history on anything else (schedule, workflow_dispatch). `diff` insists on a range.
 */
export function planScan(mode: ActionMode, eventName: string, event: EventPayload): ScanPlan {
  if (mode === 'tree') return { kind: 'tree', why: 'mode: tree' };
  if (mode === 'history') return { kind: 'history', why: 'mode: history' };
  const range = rangeOf(eventName, event);
  if (range) return range;
  if (mode === 'diff')
    throw new KeylintError(
      `input mode: diff needs a pull_request or push event with a commit range; this is a ${eventName || 'unknown'} event (use mode: history or tree)`,
    );
  return { kind: 'history', why: `${eventName || 'unknown'} event: full history` };
}

function rangeOf(eventName: string, event: EventPayload): ScanPlan | undefined {
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    const base = event.pull_request?.base?.sha;
    const head = event.pull_request?.head?.sha;
    if (!base || !head) throw new KeylintError(`GITHUB_EVENT_PATH: ${eventName} payload has no pull_request.base.sha / head.sha`);
    return { kind: 'range', base, head, why: `pull request #${event.pull_request?.number ?? '?'}: ${short(base)}..${short(head)}` };
  }
  if (eventName === 'push') {
    const { before, after, ref } = event;
    if (!after || !ref) throw new KeylintError('GITHUB_EVENT_PATH: push payload has no after / ref');
    if (event.deleted || ZERO_SHA.test(after)) return { kind: 'nothing', why: `push deleted ${ref}` };
    if (!before || ZERO_SHA.test(before)) return { kind: 'new-branch', head: after, branch: ref, why: `new ${ref}: commits on no other ref` };
    return { kind: 'range', base: before, head: after, branch: ref, why: `push to ${ref}: ${short(before)}..${short(after)}` };
  }
  return undefined;
}

const short = (sha: string) => sha.slice(0, 8);
