import { LineIndex, type Finding, type Scanner } from '../engine/index.js';
import type { AstNode, Holder } from './locate.js';

/** Consecutive string literals of one `+` chain, whose contents end up adjacent at run time. */
export interface LiteralRun {
  leaves: AstNode[];
  /** The `+` expression itself, when the run is all of it (then it can be replaced whole). */
  whole?: AstNode;
  /** The leaves' raw contents (between the quotes) joined: escapes stay as written, so offsets map back exactly. */
  joined: string;
  /** Where each leaf's content starts in `joined`. */
  offsets: number[];
}

const isPlus = (n: AstNode | null | undefined) => n?.type === 'BinaryExpression' && n.operator === '+';

function isStringLeaf(n: AstNode): boolean {
  if (n.type === 'Literal') return typeof n.value === 'string';
  return n.type === 'TemplateLiteral' && (n.expressions as unknown[]).length === 0;
}

/** Whether a node is the top of a `+` chain (the only place a chain is examined). */
export function isChainRoot(node: AstNode): boolean {
  return isPlus(node) && !isPlus(node.parent);
}

function flatten(node: AstNode, out: AstNode[]): AstNode[] {
  if (isPlus(node)) {
    flatten(node.left as AstNode, out);
    flatten(node.right as AstNode, out);
  } else out.push(node);
  return out;
}

/** The runs of two or more adjacent string literals in a `+` chain. */
export function literalRuns(root: AstNode, text: string): LiteralRun[] {
  const leaves = flatten(root, []);
  const runs: LiteralRun[] = [];
  let i = 0;
  while (i < leaves.length) {
    let j = i;
    while (j < leaves.length && isStringLeaf(leaves[j]!)) j++;
    if (j - i >= 2) {
      const run = leaves.slice(i, j);
      const offsets: number[] = [];
      let joined = '';
      for (const leaf of run) {
        offsets.push(joined.length);
        joined += text.slice(leaf.range[0] + 1, leaf.range[1] - 1);
      }
      runs.push({ leaves: run, joined, offsets, whole: j - i === leaves.length ? root : undefined });
    }
    i = Math.max(j, i + 1);
  }
  return runs;
}

/** Maps an offset in `joined` to the source; an end offset on a leaf boundary stays in the earlier leaf. */
function toSource(run: LiteralRun, at: number, isEnd: boolean): number {
  for (let k = run.leaves.length - 1; k >= 0; k--) {
    const from = run.offsets[k]!;
    if (isEnd ? at > from : at >= from) return run.leaves[k]!.range[0] + 1 + (at - from);
  }
  return run.leaves[0]!.range[0] + 1;
}

/**
 * Secrets split across the literals of a run (`"ghp_abc" + "def…"`), which a scan of the
 * source text cannot see. A cheap scan of the joined value on its own line comes first; only
 * when it finds something is the file rescanned with the run joined in place, so the engine
 * classifies the value with the same context (assigned name, surrounding lines, "use client")
 * as any other. Positions are mapped back to the source; each finding spans leaves.
 */
export function scanRun(run: LiteralRun, text: string, path: string, scanner: Scanner): { finding: Finding; holder: Holder }[] {
  const crosses = (s: number, e: number) => run.offsets.some((o, k) => k > 0 && s < o && o < e);
  const first = run.leaves[0]!;
  const last = run.leaves[run.leaves.length - 1]!;
  const lineStart = text.lastIndexOf('\n', first.range[0] - 1) + 1;
  const prefix = text.slice(lineStart, first.range[0]);
  const probe = scanner.scan({ path, text: `${prefix}"${run.joined}"` });
  if (!probe.some((f) => crosses(f.start - prefix.length - 1, f.end - prefix.length - 1))) return [];

  const base = first.range[0] + 1;
  const joinedText = `${text.slice(0, first.range[0])}"${run.joined}"${text.slice(last.range[1])}`;
  const lines = new LineIndex(text);
  const out: { finding: Finding; holder: Holder }[] = [];
  for (const f of scanner.scan({ path, text: joinedText })) {
    const s = f.start - base;
    const e = f.end - base;
    if (s < 0 || e > run.joined.length || !crosses(s, e)) continue;
    const start = toSource(run, s, false);
    const end = toSource(run, e, true);
    const from = lines.position(start);
    const to = lines.position(end);
    Object.assign(f, { start, end, line: from.line, column: from.column, endLine: to.line, endColumn: to.column });
    out.push({ finding: f, holder: { type: 'concatenation', node: run.whole, wholeValue: s === 0 && e === run.joined.length } });
  }
  return out;
}
