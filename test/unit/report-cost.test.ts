// report.md's "What this report cost" and its round trip through run.json.
import { describe, expect, it } from 'vitest';
import { costSection } from '../../src/report/cost.js';
import { parseRunFile, toJson } from '../../src/run/run-file.js';
import { toMarkdown } from '../../src/report/markdown.js';
import { runCostOf } from '../../src/run/cost.js';
import type { SuiteCost } from '../../src/types.js';
import { record, runOf } from '../helpers/run-fixtures.js';

const cost = (suite: SuiteCost['suite'], more: Partial<SuiteCost>): SuiteCost => ({
  suite,
  requests: 0,
  promptTokens: 0,
  cachedPromptTokens: 0,
  generatedTokens: 0,
  loads: 0,
  loadedAt: [],
  otherRequests: 0,
  ...more,
});

const sample = runCostOf([
  {
    model: 'm',
    cost: cost('throughput', {
      requests: 12,
      promptTokens: 47695,
      generatedTokens: 408,
      loads: 2,
      loadedAt: [8192, 32768],
      otherRequests: 2,
    }),
  },
  {
    model: 'm',
    cost: cost('context', {
      requests: 7,
      promptTokens: 442408,
      cachedPromptTokens: 1000,
      generatedTokens: 14,
      loads: 2,
      loadedAt: [131072, 65536],
    }),
  },
]);

describe('costSection', () => {
  it('a row per suite and a total per model, loads with their contexts, and the one-load-per-context line', () => {
    const text = costSection(sample)!;
    expect(text).toContain('## What this report cost');
    expect(text).toContain('| m | throughput | 12 (+2 metadata) | 47,695 | 408 | 2 (8K, 32K) |');
    expect(text).toContain('| m | context | 7 | 442,408 (1,000 cached) | 14 | 2 (128K, 64K) |');
    expect(text).toContain(
      '| **m** | **total** | 19 (+2 metadata) | 490,103 (1,000 cached) | 422 | 4 (8K, 32K, 128K, 64K) |',
    );
    expect(text).toContain('m: 4 load(s) for 4 distinct num_ctx — one load per context.');
  });

  it('names reloads of a context loaded before', () => {
    const reloading = runCostOf([
      { model: 'm', cost: cost('context', { requests: 3, loads: 3, loadedAt: [65536, 131072, 65536] }) },
    ]);
    expect(costSection(reloading)).toContain(
      '3 load(s) for 2 distinct num_ctx — 1 reload(s) of a context loaded before.',
    );
  });

  it('on a server that loads its model at start, says so instead of a count; nothing without a cost', () => {
    const fixed = runCostOf([{ model: 'm', cost: cost('tool-use', { requests: 34, loads: null }) }]);
    expect(costSection(fixed)).toContain('— (loaded at server start)');
    expect(costSection(undefined)).toBeNull();
  });

  it('is the last section of report.md, and run.json keeps the cost as it was', () => {
    const run = {
      ...runOf([record({ model: 'm', suite: 'throughput', metric: 'decode_tps', value: 50, status: 'pass' })]),
      cost: sample,
    };
    const markdown = toMarkdown(run);
    expect(markdown.trimEnd().endsWith('one load per context.')).toBe(true);
    expect(parseRunFile(toJson(run), 'run.json').cost).toEqual(sample);
  });
});
