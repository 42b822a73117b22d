import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/compare/compare.js';
import { comparisonToMarkdown } from '../../src/compare/markdown.js';
import { record, runOf } from '../helpers/run-fixtures.js';

const rec = (metric: string, value: number, status: 'pass' | 'warn' = 'pass', model = 'llama|8b') => record({ model, suite: 'throughput', metric, status, value, unit: 'tokens/s' });

describe('comparisonToMarkdown', () => {
  it('leads with the regression count, lists regressions first, and escapes model names', () => {
    const base = runOf([rec('prefill_tps', 100), rec('decode_tps', 50)]);
    const current = runOf([rec('prefill_tps', 200), rec('decode_tps', 20, 'warn')], true);
    const text = comparisonToMarkdown(compareRuns(base, current, 0.1));
    expect(text).toContain('**2 regression(s).**');
    expect(text).toContain('(SIMULATED)');
    const metricsSection = text.slice(text.indexOf('## Metrics that changed'));
    const rows = metricsSection.split('\n').filter((line) => line.startsWith('| llama'));
    expect(rows[0]).toContain('decode\\_tps');
    expect(rows[0]).toContain('status dropped');
    expect(rows.some((row) => row.includes('prefill\\_tps') && row.includes('better'))).toBe(true);
    expect(text).toContain('llama\\|8b');
    expect(text).not.toMatch(/\| llama\|8b/);
  });

  it('says so when nothing changed', () => {
    const run = runOf([rec('decode_tps', 50)]);
    const text = comparisonToMarkdown(compareRuns(run, run, 0.1));
    expect(text).toContain('**No regression.**');
    expect(text).toContain('None.');
  });
});
