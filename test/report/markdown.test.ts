import { describe, expect, it } from 'vitest';
import { markdownReporter, MAX_ROWS } from '../../src/report/markdown.js';
import { reportOf, sampleReport, scanChunks } from './helpers.js';
import { expandExample } from '../../src/engine/index.js';

const options = { color: false, showPublishable: false };

describe('markdown reporter', () => {
  it('counts findings by kind and severity', () => {
    const md = markdownReporter(sampleReport().report, options);
    expect(md).toContain('| | critical | high | medium | low | info | total |');
    expect(md).toMatch(/\| secrets \| 0 \| 3 \| 0 \| 0 \| 0 \| 3 \|/);
    expect(md).toMatch(/\| publishable keys \| 0 \| 0 \| 0 \| 0 \| 1 \| 1 \|/);
  });

  it('lists findings most urgent first in a table whose cells cannot break the row', () => {
    const md = markdownReporter(sampleReport().report, options);
    const rows = md.split('\n').filter((l) => l.startsWith('| <code>'));
    expect(rows).toHaveLength(4);
    expect(rows.at(-1)).toContain('web/.env');
    // Every row has exactly the table's seven pipes: paths and authors are escaped.
    for (const r of rows) expect(r.split('|')).toHaveLength(8);
    expect(md).toContain('<code>odd dir/a,b "c" &lt;d&gt;:e%f.env:1:14</code>');
    expect(md).toContain('<code>aaaaaaaa</code> Dev, "Q" &lt;x&gt; (history only)');
    expect(md).toMatch(/\[github-pat\]\(https:\/\/github\.com\/[^)]+\)/);
  });

  it('caps the table and says how many rows it left out', () => {
    const token = expandExample('{{crc32:ghp_}}');
    const text = Array.from({ length: MAX_ROWS + 5 }, (_, i) => `T${i}=${token}`).join('\n');
    const md = markdownReporter(reportOf(scanChunks([{ path: 'many.env', text }])), options);
    expect(md.split('\n').filter((l) => l.startsWith('| <code>'))).toHaveLength(MAX_ROWS);
    expect(md).toContain('…and 5 more');
  });

  it('says a clean run is clean', () => {
    const md = markdownReporter(reportOf([]), options);
    expect(md).toMatch(/^## 🟢 keylint: 0 secrets, 0 publishable keys in 1 file/);
    expect(md).not.toContain('| where |');
  });
});
