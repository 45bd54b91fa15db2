// `npm run bench`: every benchmark, one after another. Each prints its own numbers; `npm run bench -- scan hook` runs some.
// `findings` checks that keyword windows find exactly what whole-text search finds (exit 1 if not).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
for (const name of ['scan', 'findings', 'decode', 'hook', 'history', 'history-edits', 'eslint']) {
  if (only.length && !only.includes(name)) continue;
  const file = join(here, `${name}.mjs`);
  if (!existsSync(file)) continue;
  const r = spawnSync(process.execPath, [file], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
  console.log('');
}
