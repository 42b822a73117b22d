// The Markdown of `bench compare` and its console summary: the order a reader needs (regressions,
// missing, improvements, then what did not count), on hand-built runs.
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/compare/compare.js';
import { comparisonSummary } from '../../src/compare/console.js';
import { comparisonToMarkdown } from '../../src/compare/markdown.js';
import type { ResultRecord } from '../../src/types.js';
import { record, runOf } from '../helpers/run-fixtures.js';

function rate(
  metric: string,
  value: number,
  status: ResultRecord['status'] = 'pass',
  model = 'llama|8b',
): ResultRecord {
  // 4,000 tokens a sample: seconds of clock at these rates, so only the threshold and the spread decide.
  return record({
    model,
    suite: 'throughput',
    metric,
    status,
    value,
    unit: 'tokens/s',
    data: {
      median: value,
      mad: 0.1,
      reps: 3,
      samples: [value, value, value],
      evalTokens: [4000, 4000, 4000],
      promptTokens: [4000, 4000, 4000],
    },
  });
}

/** Section headings in the order they appear. */
const headings = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.startsWith('## '))
    .map((line) => line.slice(3));

describe('comparisonToMarkdown', () => {
  const base = runOf([
    rate('prefill_tps', 100),
    rate('decode_tps', 50),
    rate('decode_tps', 30, 'pass', 'gone:7b'),
    record({
      model: 'llama|8b',
      suite: 'tool-use',
      metric: 'tool_use.simple',
      value: 1,
      unit: 'ratio',
      status: 'pass',
    }),
  ]);
  const current = runOf(
    [
      rate('prefill_tps', 200),
      rate('decode_tps', 20, 'warn'),
      record({
        model: 'llama|8b',
        suite: 'tool-use',
        metric: 'tool_use.simple',
        value: 1,
        unit: 'ratio',
        status: 'pass',
      }),
    ],
    true,
  );
  const comparison = compareRuns(base, current, 0.1);
  const text = comparisonToMarkdown(comparison);

  it('leads with the regression and missing counts, then regressions, missing, improvements, and the unchanged count last', () => {
    expect(text).toContain(
      '**1 regression.** **1 model missing from the current run.** 1 improvement, 0 within noise, 0 informational, 1 unchanged.',
    );
    expect(text).toContain('(SIMULATED)');
    expect(headings(text)).toEqual([
      'Regressions',
      'Missing from the current run',
      'Improvements',
      'Other suite verdicts that changed',
    ]);
    expect(text.trimEnd().split('\n').at(-1)).toBe('**Unchanged:** 1 metric.');
  });

  it('lists the regression with its values, change and reason, and escapes model names', () => {
    const regressions = text.slice(text.indexOf('## Regressions'), text.indexOf('## Missing'));
    const rows = regressions.split('\n').filter((line) => line.startsWith('| llama'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('decode\\_tps');
    expect(rows[0]).toContain('50 tokens/s');
    expect(rows[0]).toContain('-30 (-60%)');
    expect(rows[0]).toContain('status dropped pass → warn');
    expect(text).toContain('llama\\|8b');
    expect(text).not.toMatch(/\| llama\|8b/);
  });

  it('names the missing model and the flag that fails on it', () => {
    const missing = text.slice(text.indexOf('## Missing'), text.indexOf('## Improvements'));
    expect(missing).toContain('**gone:7b** was tested in the baseline and not in the current run');
    expect(missing).toContain('--fail-on-missing');
  });

  it('names a suite the current run did not run once per model, not metric by metric; lists a metric a suite that ran lost', () => {
    const memory = (metric: string) =>
      record({ model: 'm', suite: 'memory', metric, value: 1, unit: 'bytes', status: 'pass' });
    const before = runOf([
      rate('decode_tps', 50, 'pass', 'm'),
      rate('prefill_tps', 900, 'pass', 'm'),
      memory('vram_bytes'),
      memory('ram_bytes'),
    ]);
    const after = runOf([rate('decode_tps', 50, 'pass', 'm')]);
    const markdown = comparisonToMarkdown(compareRuns(before, after, 0.1));
    expect(markdown).toContain('- **m**: memory not run in the current run.');
    expect(markdown).toContain('Metrics a suite that ran did not record this time (1):');
    expect(markdown).toMatch(/\| m \| throughput \| prefill\\_tps \|/);
    expect(markdown).not.toMatch(/\| m \| memory \|/);
  });

  it('folds what moved within noise into a details block with the reason', () => {
    const noisy = compareRuns(runOf([rate('decode_tps', 50)]), runOf([rate('decode_tps', 47)]), 0.1);
    const markdown = comparisonToMarkdown(noisy);
    expect(markdown).toContain('**No regression.**');
    expect(markdown).toContain('<details><summary>Moved within noise, or informational (1)</summary>');
    expect(markdown).toContain('moved 6%, not more than the 10% threshold');
    expect(headings(markdown)).toEqual([]);
  });

  it('says so when nothing changed', () => {
    const run = runOf([rate('decode_tps', 50)]);
    const markdown = comparisonToMarkdown(compareRuns(run, run, 0.1));
    expect(markdown).toContain('**No regression.**');
    expect(markdown).toContain('**Unchanged:** 1 metric.');
    expect(markdown).not.toContain('<details>');
  });
});

describe('comparisonSummary', () => {
  it('puts regressions first, then missing models, then the counts', () => {
    const base = runOf([rate('decode_tps', 50), rate('decode_tps', 30, 'pass', 'gone:7b')]);
    const current = runOf([rate('decode_tps', 20, 'warn')]);
    const lines = comparisonSummary(compareRuns(base, current, 0.1), { failOnMissing: true })
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe('bench compare: 1 regression, 1 model missing');
    expect(lines[1]).toMatch(
      /^ {2}REGRESSION {2}llama\|8b throughput decode_tps: 50 tokens\/s → 20 tokens\/s \(-30 \(-60%\)\)/,
    );
    expect(lines[2]).toBe('  MISSING     gone:7b: in the baseline, not in the current run (--fail-on-missing)');
    expect(lines[3]).toBe('  0 improvements, 0 within noise, 0 informational, 0 unchanged');
  });
});
