import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const GOOD = `[[rule]]
id = "acme-key"
provider = "Acme"
regex = '''(?i)acme[_.-]?key(?&assign)(acme_[a-z0-9]{24})(?&end_alnum)'''
keywords = ["acme_"]
examples.secret = ['ACME_KEY = "acme_{{rand:lowernum:24}}"', 'acme_key: acme_k3y9a8b7c6d5e4f3g2h1i0jz']
examples.not = ['ACME_KEY = "acme_xxx"']
`;

const BAD = `[[rule]]
id = "acme-slow"
regex = '''acme_((a+)+)'''
keywords = ["acme_"]
examples.secret = ['acme_aaa']
examples.not = ['acme_aaa']
`;

describe('keylint rules test', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  writeFileSync(join(dir, 'good.toml'), GOOD);
  writeFileSync(join(dir, 'bad.toml'), BAD);
  writeFileSync(join(dir, 'broken.toml'), `[[rule]]\nid = "acme-typo"\nregex = '''acme(?&asign)(x+)'''\n`);

  it('passes a rule file whose examples and regexes are fine (exit 0), without printing a key-like example whole', async () => {
    const r = await runCli(['rules', 'test', 'good.toml'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('acme-key  ok');
    expect(r.stdout).toContain('ok   examples.secret[0] found as secret  ACME_KEY = "acme_{{rand:lowernum:24}}"');
    expect(r.stdout).toContain('ok   examples.not[0] not found');
    expect(r.stdout).toMatch(/ok {3}regex safety \(runs on (V8|RE2)\)/);
    expect(r.stdout).not.toContain('k3y9a8b7c6d5e4f3g2h1i0jz');
    expect(r.stdout).toMatch(/1 rule tested, 0 failed\n$/);
  });

  it('fails (exit 1) naming the rule first for an unsafe regex and a look-alike it matches', async () => {
    const r = await runCli(['rules', 'test', 'good.toml', 'bad.toml'], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('FAIL acme-slow: examples.not[0]: is matched by the rule but is listed as a look-alike');
    expect(r.stdout).toMatch(/FAIL acme-slow: regex: nested quantifiers in "\(a\+\)\+"/);
    expect(r.stdout).toMatch(/2 rules tested, 1 failed\n$/);
  });

  it('reports a file that does not load with exit 2, the rule id first', async () => {
    const r = await runCli(['rules', 'test', 'broken.toml', 'missing.toml'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('keylint: acme-typo: regex: unknown fragment "(?&asign)"');
    expect(r.stderr).toContain('keylint: missing.toml: file: cannot read (ENOENT)');
  });

  it('prints JSON with each example and problem', async () => {
    const r = await runCli(['rules', 'test', 'bad.toml', '--format', 'json'], { cwd: dir });
    const json = JSON.parse(r.stdout) as { version: number; files: { file: string; rules: { id: string; ok: boolean; problems: string[] }[] }[] };
    expect(json.version).toBe(1);
    expect(json.files[0]!.rules[0]).toMatchObject({ id: 'acme-slow', ok: false });
    expect(json.files[0]!.rules[0]!.problems).toHaveLength(2);
  });

  it('judges a built-in rule file as the test suite does with --as-builtin', async () => {
    const r = await runCli(['rules', 'test', join(process.cwd(), 'rules', 'statsig.toml'), '--as-builtin'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('regex safety (runs on V8)');
  });

  it('asks for a file', async () => {
    const r = await runCli(['rules', 'test'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('rules test: name at least one rule file');
  });
});
