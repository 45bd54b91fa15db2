import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, githubReporter } from '../../src/report/github.js';
import { reportOf, sampleReport } from './helpers.js';

const options = { color: false, showPublishable: false };

/** Reads a workflow command back the way the Actions runner does. */
function parseCommand(line: string): { command: string; props: Record<string, string>; message: string } {
  const m = /^::(\w+) ([^:]*)::(.*)$/.exec(line);
  if (!m) throw new Error(`not a workflow command: ${line}`);
  const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const props = Object.fromEntries(
    m[2]!.split(',').map((kv) => {
      const at = kv.indexOf('=');
      return [kv.slice(0, at), unescape(kv.slice(at + 1))];
    }),
  );
  return { command: m[1]!, props, message: unescape(m[3]!) };
}

describe('github reporter', () => {
  it('escapes data and properties as GitHub reads them', () => {
    expect(escapeData('100%\r\nnext')).toBe('100%25%0D%0Anext');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });

  it('annotates secrets as errors with file, line, columns and title', () => {
    const { report, token } = sampleReport();
    const lines = githubReporter(report, options).trimEnd().split('\n');
    const first = parseCommand(lines[0]!);
    const line = `const label = "😀"; const token = "${token}";`;
    expect(first.command).toBe('error');
    expect(first.props).toEqual({
      file: 'src/config.ts',
      line: '2',
      endLine: '2',
      col: String(line.indexOf(token) + 1),
      endColumn: String(line.indexOf(token) + 1 + token.length),
      title: 'keylint github-pat: high secret',
    });
    expect(first.message).toMatch(/^GitHub personal access token.* ghp_…\(40\): /);
    expect(first.message).toMatch(/\nRotate or revoke: https:/);
  });

  it('annotates publishable keys as notices', () => {
    const commands = githubReporter(sampleReport().report, options)
      .split('\n')
      .filter((l) => l.startsWith('::'))
      .map(parseCommand);
    expect(commands.filter((c) => c.command === 'notice').map((c) => c.props.file)).toEqual(['web/.env']);
  });

  it('keeps every command on one line whatever the path or author holds', () => {
    const out = githubReporter(sampleReport().report, options);
    const commands = out.split('\n').filter((l) => l.startsWith('::'));
    expect(commands).toHaveLength(4);
    const odd = commands.map(parseCommand).find((c) => c.props.file!.startsWith('odd'))!;
    expect(odd.props.file).toBe('odd dir/a,b "c" <d>:e%f.env');
    const history = commands.map(parseCommand).find((c) => c.props.file === 'old/secrets.env')!;
    expect(history.message).toContain('Found in commit aaaaaaaaaaaa by Dev, "Q" <x> on 2024-05-01; no longer in HEAD.');
  });

  it('ends with the summary line', () => {
    expect(githubReporter(reportOf([], 3), options)).toBe('0 secrets, 0 publishable keys in 3 files (1.2 KB, 42 ms)\n');
  });
});
