import { isTty, type CliIO } from './io.js';

/** A one-line progress display on stderr, shown only on a terminal and redrawn at most 10 times a second. */
export function progressLine(io: CliIO): { update: (text: string) => void; done: () => void } {
  if (!isTty(io.stderr) || io.env.CI) return { update: () => {}, done: () => {} };
  let last = 0;
  let shown = false;
  return {
    update(text) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      io.stderr.write(`\r\x1b[2K${text}`);
    },
    done() {
      if (shown) io.stderr.write('\r\x1b[2K');
    },
  };
}
