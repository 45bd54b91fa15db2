// A webhook process for crash tests: `node serve-child.js '<ServeOptions JSON>'`.
// Prints its URL on the first stdout line; SIGTERM drains gracefully, SIGKILL is the crash.
import { startWebhook, type ServeOptions } from '../../../src/webhook/index.js';

const options = JSON.parse(process.argv[2] ?? '{}') as ServeOptions;
const running = await startWebhook(options);
process.stdout.write(`${running.url}\n`);
process.once('SIGTERM', () => {
  void running.close().then(() => process.exit(0));
});
