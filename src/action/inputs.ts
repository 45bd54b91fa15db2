import { KeylintError } from '../engine/index.js';
import { FAIL_ON, type FailOn } from '../config/schema.js';

/** What to scan: the working tree, all history, the event's commit range, or (auto) what the event calls for. */
export const MODES = ['auto', 'tree', 'history', 'diff'] as const;
export type ActionMode = (typeof MODES)[number];

/** `none` reports without ever failing the step. */
export const ACTION_FAIL_ON = [...FAIL_ON, 'none'] as const;
export type ActionFailOn = FailOn | 'none';

export interface ActionInputs {
  /** Folder to scan (tree mode) or the repository (history, diff), relative to the workspace. */
  path: string;
  mode: ActionMode;
  config?: string;
  baseline?: string;
  /** Unset: the config's failOn, else `secret`. */
  failOn?: ActionFailOn;
  sarifFile: string;
  /** `true`: ask providers whether findings work; `only-verified`: also report only those; unset: the config decides. */
  verify?: 'true' | 'false' | 'only-verified';
}

/** An input as the runner passes it: `INPUT_` + the name upper-cased (node actions keep `-`; our composite step also sets the `_` spelling). */
export function input(env: NodeJS.ProcessEnv, name: string): string {
  const key = `INPUT_${name.toUpperCase()}`;
  return (env[key] ?? env[key.replace(/-/g, '_')] ?? '').trim();
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new KeylintError(`input ${name}: "${value}" is not one of ${allowed.join(', ')}`);
}

/** The action's inputs, validated; an empty input takes its default. */
export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const mode = input(env, 'mode') || 'auto';
  const failOn = input(env, 'fail-on');
  return {
    path: input(env, 'path') || '.',
    mode: oneOf('mode', mode, MODES),
    ...(input(env, 'config') && { config: input(env, 'config') }),
    ...(input(env, 'baseline') && { baseline: input(env, 'baseline') }),
    ...(failOn && { failOn: oneOf('fail-on', failOn, ACTION_FAIL_ON) }),
    sarifFile: input(env, 'sarif-file') || 'keylint.sarif',
    ...(input(env, 'verify') && { verify: oneOf('verify', input(env, 'verify'), ['true', 'false', 'only-verified'] as const) }),
  };
}
