// Runs `keylint scan DIR --format json [extra args]` in-process, as bin/keylint.js does, and prints
// JSON {files, bytes, ms, cpuMs, maxRssMb, secrets, findings}.
import { Writable } from 'node:stream';
import { main } from '../dist/cli/main.js';

const [root, ...extra] = process.argv.slice(2);
let out = '';
const sink = new Writable({
  write(chunk, _enc, cb) {
    out += chunk;
    cb();
  },
});
const errSink = new Writable({
  write(_c, _e, cb) {
    cb();
  },
});
const started = performance.now();
const { exitCode } = await main(['scan', root, '--format', 'json', ...extra], {
  stdin: process.stdin,
  stdout: sink,
  stderr: errSink,
  cwd: process.cwd(),
  env: {},
});
const ms = performance.now() - started;
const report = JSON.parse(out);
const secrets = report.findings.filter((f) => f.kind === 'secret');
const cpu = process.cpuUsage(); // the whole process, worker threads included, since it started
console.log(
  JSON.stringify({
    exitCode,
    files: report.stats.files,
    bytes: report.stats.bytes,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    secrets: secrets.length,
    findings: report.findings.length,
    secretList: secrets.slice(0, 40).map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.redacted}`),
  }),
);
