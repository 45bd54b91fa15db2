import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KeylintError } from '../engine/index.js';
import { EXIT_CLEAN, EXIT_ERROR, type DoorIO } from '../scan/io.js';
import type { ScanOptions } from '../scan/options.js';
import type { ScanResult } from '../scan/result.js';
import type { FailOn } from '../config/schema.js';
import { SCAN_DEFAULTS } from '../scan/defaults.js';
import { VERSION } from '../scan/version.js';
import { REPORTERS } from '../report/index.js';
import { escapeData } from '../report/github.js';
import { emptySkips } from '../sources/types.js';
import { planScan, readEvent, type ScanPlan } from './event.js';
import { readInputs, type ActionInputs } from './inputs.js';
import { assertWithinClone, commitsIn, revisionsFor } from './range.js';
import { scanForAction } from './scan.js';
import { appendSummary, setOutput } from './workflow-files.js';

/** A report with nothing in it, for runs with nothing to scan (a deleted branch, an empty range). */
function emptyReport(failOn: FailOn): ScanResult {
  return {
    failOn,
    failOnConfidence: SCAN_DEFAULTS.failOnConfidence,
    exitCode: EXIT_CLEAN,
    findings: [],
    stats: { files: 0, bytes: 0, durationMs: 0, rules: 0, skipped: emptySkips(), suppressed: 0 },
    tool: { name: 'keylint', version: VERSION },
  };
}

/** Scans what the plan names; tree paths are reported from the workspace, history paths from the repository's top. */
async function scanPlan(
  plan: ScanPlan,
  inputs: ActionInputs,
  workspace: string,
  options: ScanOptions,
  io: DoorIO,
  log: (line: string) => void,
): Promise<ScanResult> {
  const nothing = () => emptyReport(options.failOn ?? SCAN_DEFAULTS.failOn);
  const target = resolve(workspace, inputs.path);
  switch (plan.kind) {
    case 'nothing':
      return nothing();
    case 'tree':
      return scanForAction({ kind: 'tree', folder: target }, workspace, options, io);
    case 'history':
      return scanForAction({ kind: 'git' }, target, options, io);
    default: {
      const revisions = await revisionsFor(target, plan);
      const commits = await commitsIn(target, revisions);
      await assertWithinClone(target, commits);
      log(`keylint: ${commits.length} commit${commits.length === 1 ? '' : 's'} to scan`);
      return commits.length ? scanForAction({ kind: 'git', revisions }, target, options, io) : nothing();
    }
  }
}

/** A message's lines: the runner ends a line at CR as well as LF, and a line of its own could read as a workflow command. */
const linesOf = (text: string) => text.split(/\r\n|\r|\n/);

/**
 * The GitHub Action: scans what the event calls for, prints annotations, appends a step
 * summary, writes the SARIF file and the `findings`, `secrets` and `sarif-file` outputs.
 * Returns the exit code: 0 clean, 1 findings that `fail-on` fails on, 2 an error.
 */
export async function runAction(io: DoorIO): Promise<number> {
  const env = io.env;
  const log = (line: string) => io.stdout.write(`${line}\n`);
  try {
    const inputs = readInputs(env);
    const workspace = resolve(io.cwd, env.GITHUB_WORKSPACE ?? '.');
    const plan = planScan(inputs.mode, env.GITHUB_EVENT_NAME ?? '', readEvent(env.GITHUB_EVENT_PATH));
    log(`keylint: ${plan.why}`);
    const scanOptions: ScanOptions = {
      ...(inputs.config && { config: resolve(workspace, inputs.config) }),
      ...(inputs.baseline && { baseline: resolve(workspace, inputs.baseline) }),
      ...(inputs.failOn && inputs.failOn !== 'none' && { failOn: inputs.failOn }),
      verify: {
        ...(inputs.verify && { verify: inputs.verify !== 'false', onlyVerified: inputs.verify === 'only-verified' }),
        ...(env.RUNNER_TEMP && { cacheDir: join(env.RUNNER_TEMP, 'keylint') }),
        log,
      },
    };
    const report = await scanPlan(plan, inputs, workspace, scanOptions, io, log);

    const options = { color: false, showPublishable: false };
    io.stdout.write(REPORTERS.github!(report, options));
    const sarifFile = resolve(workspace, inputs.sarifFile);
    try {
      mkdirSync(dirname(sarifFile), { recursive: true });
      writeFileSync(sarifFile, REPORTERS.sarif!(report, options));
    } catch (e) {
      throw new KeylintError(`input sarif-file ${inputs.sarifFile}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    appendSummary(env.GITHUB_STEP_SUMMARY, REPORTERS.markdown!(report, options));
    setOutput(env.GITHUB_OUTPUT, 'findings', String(report.findings.length));
    setOutput(env.GITHUB_OUTPUT, 'secrets', String(report.findings.filter((f) => f.kind === 'secret').length));
    setOutput(env.GITHUB_OUTPUT, 'sarif-file', sarifFile);
    return inputs.failOn === 'none' ? EXIT_CLEAN : report.exitCode;
  } catch (e) {
    const message = e instanceof KeylintError ? linesOf(e.message).join('; ') : `internal error: ${linesOf((e as Error)?.message ?? String(e))[0]}`;
    io.stderr.write(`keylint: ${message}\n`);
    log(`::error title=keylint::${escapeData(message)}`);
    return EXIT_ERROR;
  }
}

// Run when the runner starts this file (dist/action/main.js); tests import runAction instead.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runAction({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });
}
