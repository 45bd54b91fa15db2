import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/**
 * A user-supplied regex run on a helper thread under a watchdog. V8 cannot interrupt
 * one `exec` call from the same thread, and a static check cannot prove every pattern
 * safe, so the calling thread hands the text to a worker, sleeps on a shared flag with a
 * deadline (Atomics.wait), and terminates the worker when the deadline passes: the rule
 * gives up on that text, `overruns` counts it, and the scan goes on. The caller stays
 * synchronous, so the engine keeps its plain RegExp loop.
 */

/** How long one rule may spend on one text before its worker is stopped. */
export const GUARD_BUDGET_MS = 1000;
// A fresh worker needs tens of milliseconds to boot (more on a loaded machine): the budget
// starts when the worker picks the text up, and picking it up may take this long.
const PICKUP_LIMIT_MS = 5000;
// Matches kept per text: a pattern that matches everywhere must not fill memory.
const MAX_MATCHES = 100_000;

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { port, flag } = workerData;
const done = new Int32Array(flag);
port.on('message', ({ source, flags, text, max }) => {
  Atomics.store(done, 1, 1);
  Atomics.notify(done, 1);
  const re = new RegExp(source, flags.includes('g') ? flags : flags + 'g');
  const out = [];
  let m;
  while (out.length < max && (m = re.exec(text))) {
    out.push({ index: m.index, groups: Array.from(m), indices: m.indices ? Array.from(m.indices) : undefined, named: m.groups });
    if (m[0].length === 0) re.lastIndex++;
  }
  port.postMessage(out);
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
});
`;

interface WireMatch {
  index: number;
  groups: (string | undefined)[];
  indices?: ([number, number] | undefined)[];
  named?: Record<string, string>;
}

/** One worker shared by every guarded regex on this thread; replaced when it is stopped. */
class RegexWorker {
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  // [0]: the worker finished the text; [1]: it picked the text up.
  private readonly flag = new SharedArrayBuffer(8);
  private readonly done = new Int32Array(this.flag);

  /** Every match of `re` in `text`, or undefined when the deadline passed (the worker is then stopped). */
  run(re: RegExp, text: string, budgetMs: number): WireMatch[] | undefined {
    if (!this.worker) this.start();
    Atomics.store(this.done, 0, 0);
    Atomics.store(this.done, 1, 0);
    this.port!.postMessage({ source: re.source, flags: re.flags, text, max: MAX_MATCHES });
    Atomics.wait(this.done, 1, 0, PICKUP_LIMIT_MS);
    const waited = Atomics.wait(this.done, 0, 0, budgetMs);
    const reply = receiveMessageOnPort(this.port!);
    if (waited === 'timed-out' && !reply) {
      this.stop();
      return undefined;
    }
    return reply?.message as WireMatch[] | undefined;
  }

  private start(): void {
    const { port1, port2 } = new MessageChannel();
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { port: port2, flag: this.flag }, transferList: [port2] });
    this.worker.unref();
    port1.unref();
    this.port = port1;
  }

  private stop(): void {
    // terminate() interrupts the running regex (V8's TerminateExecution); no need to wait.
    void this.worker?.terminate();
    this.port?.close();
    this.worker = undefined;
    this.port = undefined;
  }
}

let shared: RegexWorker | undefined;

function toExecArray(m: WireMatch, input: string): RegExpExecArray {
  const arr = Object.assign([...m.groups], { index: m.index, input, groups: m.named }) as unknown as RegExpExecArray;
  if (m.indices) arr.indices = Object.assign([...m.indices], { groups: undefined }) as RegExpIndicesArray;
  return arr;
}

/**
 * A RegExp whose matching runs on the watchdog worker: the first `exec` on a text asks
 * the worker for every match at once, later calls hand them out in order (the
 * `lastIndex` loop the scanner runs). A text the worker overran yields no match and
 * bumps `overruns`.
 */
export class GuardedRegExp extends RegExp {
  /** How many texts this regex was stopped on. */
  overruns = 0;
  private text: string | undefined;
  private matches: RegExpExecArray[] = [];
  private next = 0;

  constructor(
    source: RegExp,
    readonly budgetMs = GUARD_BUDGET_MS,
  ) {
    super(source.source, source.flags);
  }

  override exec(text: string): RegExpExecArray | null {
    if (this.lastIndex === 0 || text !== this.text) this.load(text);
    // Hand out the next match at or after lastIndex, as a global RegExp would.
    while (this.next < this.matches.length && this.matches[this.next]!.index < this.lastIndex) this.next++;
    const m = this.matches[this.next++];
    if (!m) {
      this.lastIndex = 0;
      return null;
    }
    // As a global RegExp leaves it: the caller steps past an empty match itself.
    this.lastIndex = m.index + m[0].length;
    return m;
  }

  override test(text: string): boolean {
    const saved = this.lastIndex;
    this.lastIndex = 0;
    const hit = this.exec(text) !== null;
    this.lastIndex = saved;
    return hit;
  }

  private load(text: string): void {
    this.text = text;
    this.next = 0;
    const wire = (shared ??= new RegexWorker()).run(this, text, this.budgetMs);
    if (!wire) this.overruns++;
    this.matches = (wire ?? []).map((m) => toExecArray(m, text));
  }
}

/** How many times a regex (guarded or not) was stopped: 0 for a plain RegExp. */
export function overrunsOf(re: RegExp): number {
  return re instanceof GuardedRegExp ? re.overruns : 0;
}
