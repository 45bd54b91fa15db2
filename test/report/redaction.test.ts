import { describe, expect, it } from 'vitest';
import { REPORTERS } from '../../src/report/index.js';
import { sampleReport } from './helpers.js';

describe('every format redacts', () => {
  const { report, token, publishable } = sampleReport();
  it.each(Object.keys(REPORTERS))('%s never prints the raw secret', (format) => {
    for (const showPublishable of [false, true]) {
      const out = REPORTERS[format]!(report, { color: false, showPublishable });
      expect(out.length).toBeGreaterThan(0);
      expect(out).not.toContain(token);
      // Nor a long enough piece of it to be useful (the redaction shows a 4-char prefix).
      expect(out).not.toContain(token.slice(4, 20));
      expect(out).not.toContain(publishable.slice(8, 30));
    }
  });
});
