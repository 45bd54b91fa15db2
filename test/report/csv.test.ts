import { describe, expect, it } from 'vitest';
import { csvField, csvReporter } from '../../src/report/csv.js';
import { reportOf, sampleReport } from './helpers.js';

const options = { color: false, showPublishable: false };

/** A strict RFC 4180 reader: quoted fields may hold commas, quotes (doubled) and line breaks; records end in CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quote');
        field += text.slice(i, q);
        i = q + 1;
        if (text[i] === '"') {
          field += '"';
          i++;
        } else break;
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
        if (text[i] === '"' || text[i] === '\n') throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`);
        field += text[i++];
      }
    }
    row.push(field);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else throw new Error(`expected , or CRLF at ${i}`);
  }
  return rows;
}

describe('csv reporter', () => {
  it('writes a header and one RFC 4180 record per finding', () => {
    const { report } = sampleReport();
    const rows = parseCsv(csvReporter(report, options));
    expect(rows[0]).toEqual([
      'ruleId',
      'provider',
      'title',
      'kind',
      'severity',
      'confidence',
      'file',
      'line',
      'column',
      'endLine',
      'endColumn',
      'fingerprint',
      'redacted',
      'entropy',
      'reason',
      'commit',
      'author',
      'date',
      'inHead',
      'docs',
    ]);
    expect(rows).toHaveLength(report.findings.length + 1);
    for (const r of rows) expect(r).toHaveLength(rows[0]!.length);
    const odd = rows.find((r) => r[6]!.startsWith('odd'))!;
    expect(odd[6]).toBe('odd dir/a,b "c" <d>:e%f.env');
    const history = rows.at(-1)!;
    expect(history.slice(15, 19)).toEqual(['a'.repeat(40), 'Dev, "Q" <x>', '2024-05-01T10:00:00Z', 'false']);
  });

  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-----BEGIN…(1700)')).toBe("'-----BEGIN…(1700)");
    expect(csvField(12)).toBe('12');
    expect(csvField(undefined)).toBe('');
  });

  it('writes only the header when nothing is found', () => {
    expect(parseCsv(csvReporter(reportOf([]), options))).toHaveLength(1);
  });
});
