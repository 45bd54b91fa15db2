import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandExample } from '../../src/engine/index.js';
import { tempDir } from '../helpers/cli.js';
import { gitRepo, parseOutputs, pullRequestPayload } from './helpers.js';

// The committed bundle the runner starts (action.yml: using node24, main dist-action/index.js),
// run as a child process from a copy in a temp folder: no node_modules, no dist/, no rules/ nearby.
const BUNDLE_FILES = ['index.js', 'worker.js', 'read-ahead-worker.js', 'package.json'];
const run = promisify(execFile);

let bundleDir: string;
const cleanups: (() => void)[] = [];
beforeAll(() => {
  const t = tempDir('keylint-bundle-');
  cleanups.push(t.cleanup);
  bundleDir = t.dir;
  for (const f of BUNDLE_FILES) copyFileSync(join('dist-action', f), join(bundleDir, f));
});
afterAll(() => cleanups.splice(0).forEach((c) => c()));

/** Every node_modules folder Node would search from `dir` upwards. */
function reachableNodeModules(dir: string): string[] {
  const found: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules'))) found.push(join(d, 'node_modules'));
    if (d === parse(d).root) return found;
  }
}

async function runBundle(workspace: string, event: string, payload: unknown) {
  const runner = tempDir('keylint-runner-');
  cleanups.push(runner.cleanup);
  const file = (name: string, text = '') => (writeFileSync(join(runner.dir, name), text), join(runner.dir, name));
  const env = {
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: file('event.json', JSON.stringify(payload)),
    GITHUB_STEP_SUMMARY: file('summary.md'),
    GITHUB_OUTPUT: file('output.txt'),
    GIT_CONFIG_GLOBAL: '/dev/null',
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    // As the runner passes `with:` inputs; dashes kept.
    'INPUT_SARIF-FILE': 'keylint.sarif',
  };
  const child = await run(process.execPath, [join(bundleDir, 'index.js')], { cwd: workspace, env }).then(
    (r) => ({ ...r, code: 0 }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
  return {
    exitCode: child.code,
    stdout: child.stdout,
    stderr: child.stderr,
    summary: readFileSync(join(runner.dir, 'summary.md'), 'utf8'),
    outputs: parseOutputs(readFileSync(join(runner.dir, 'output.txt'), 'utf8')),
  };
}

function prRepo() {
  const ws = tempDir('keylint-ws-');
  cleanups.push(ws.cleanup);
  const repo = gitRepo(ws.dir);
  repo.commit('initial', { 'README.md': '# demo\n' });
  const base = repo.commit('config', { 'config/base.env': `GITHUB_TOKEN=${expandExample('{{crc32:ghp_}}')}\n` });
  repo.git('checkout', '-q', '-b', 'feature');
  repo.commit('clean change', { 'src/app.ts': 'export const x = 1;\n' });
  const prToken = expandExample('{{crc32:npm_}}');
  const head = repo.commit('add npmrc', { '.npmrc': `//registry.npmjs.org/:_authToken=${prToken}\n` });
  return { dir: ws.dir, repo, base, head, prToken };
}

describe('the bundled Action (dist-action/) with no node_modules', () => {
  it('is a copy with no node_modules folder anywhere above it', () => {
    expect(reachableNodeModules(bundleDir)).toEqual([]);
    expect(JSON.parse(readFileSync(join(bundleDir, 'package.json'), 'utf8'))).toMatchObject({ type: 'module' });
  });

  it('scans a pull_request event: reports the PR secret, not the base one, with outputs, summary and SARIF', async () => {
    const { dir, base, head, prToken } = prRepo();
    const r = await runBundle(dir, 'pull_request', pullRequestPayload({ sha: base, ref: 'main' }, { sha: head, ref: 'feature' }));
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('keylint: 2 commits to scan');
    expect(r.stdout).toMatch(/^::error file=\.npmrc,line=1,.*title=keylint npm-access-token/m);
    expect(r.stdout).not.toContain('config/base.env');
    expect(r.outputs).toEqual({ findings: '1', secrets: '1', 'sarif-file': join(dir, 'keylint.sarif') });
    expect(JSON.parse(readFileSync(join(dir, 'keylint.sarif'), 'utf8')).runs[0].tool.driver.version).toBe(
      JSON.parse(readFileSync('package.json', 'utf8')).version,
    );
    expect(r.summary).toMatch(/keylint: 1 secret/);
    expect(r.stdout + r.stderr + r.summary).not.toContain(prToken);
  });

  it('scans a push event before..after and passes a clean push', async () => {
    const { dir, repo, base, head } = prRepo();
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--ff-only', 'feature');
    const dirty = await runBundle(dir, 'push', { ref: 'refs/heads/main', before: base, after: head, forced: false, deleted: false });
    expect(dirty.exitCode).toBe(1);
    expect(dirty.stdout).toContain('file=.npmrc');
    expect(dirty.stdout).not.toContain('config/base.env');
    const clean = repo.commit('docs', { 'docs/a.md': 'nothing secret\n' });
    const ok = await runBundle(dir, 'push', { ref: 'refs/heads/main', before: head, after: clean, forced: false, deleted: false });
    expect(ok).toMatchObject({ exitCode: 0, stderr: '', outputs: { findings: '0', secrets: '0' } });
  });

  it('ships a scan worker that starts from the copy and answers', async () => {
    const worker = new Worker(join(bundleDir, 'worker.js'), { workerData: { rules: [] } });
    try {
      const replies: unknown[] = [];
      await new Promise((resolve, reject) => {
        worker.on('message', (m) => {
          replies.push(m);
          if (replies.length === 2) resolve(undefined);
        });
        worker.once('error', reject);
        worker.postMessage({ kind: 'texts', id: 0, texts: [{ path: 'a.txt', text: 'nothing here' }] });
      });
      // It says it is ready, then answers.
      expect(replies).toEqual(['ready', { id: 0, texts: [{ findings: [], secrets: [], overruns: [] }] }]);
    } finally {
      await worker.terminate();
    }
  });
});
