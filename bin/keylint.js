#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/ (built by `npm run build`, run by `prepare`).
// `keylint staged`, which a pre-commit hook runs on every commit, starts from the same code
// bundled into one file (scripts/bundle-staged.mjs): ~30 ms less loading on each commit.
const argv = process.argv.slice(2);
const { main } = await import(argv[0] === 'staged' ? '../dist/cli/staged-bundle.js' : '../dist/cli/main.js');
const { exitCode } = await main(argv, {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});
process.exitCode = exitCode;
