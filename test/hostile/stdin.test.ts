import { closeSync, openSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { runBin } from './helpers.js';

// Catalogue items 2 and 10 (stdin): input without end, and input without a name.
const SETTINGS = 'DB_PASSWORD=Xk9vQ2mZ7tLp4RwB8nYc\n';

describe('hostile standard input', () => {
  it('stops reading an endless stdin at --max-file-size, scans what it read, and says so', async () => {
    const zero = openSync('/dev/zero', 'r');
    try {
      const run = await runBin(['scan', '-', '--max-file-size', '1MB'], { cwd: process.cwd(), stdin: zero });
      expect(run.timedOut).toBe(false);
      expect(run.stderr).toMatch(/warning: <stdin>: input is larger than the size limit \(1048576 bytes\); only the start was scanned/);
      expect(run.stdout).toMatch(/skipped 1 too large/);
    } finally {
      closeSync(zero);
    }
  });

  it('reads unnamed KEY=value input as a .env file, as the same text in a file is read', async () => {
    const run = await runCli(['scan', '-'], { cwd: process.cwd(), stdin: SETTINGS });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/generic-secret-config/);
    expect(run.stderr).toMatch(/scanned as a \.env file/);
  });

  it('takes the file name from --stdin-filename', async () => {
    const run = await runCli(['scan', '-', '--stdin-filename', 'config/app.properties', '--format', 'json'], {
      cwd: process.cwd(),
      stdin: 'db.password=Xk9vQ2mZ7tLp4RwB8nYc\n',
    });
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.stdout).findings[0].file).toBe('config/app.properties');
  });
});
