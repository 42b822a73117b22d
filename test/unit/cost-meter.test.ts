// The cost meter's rules: what counts as a load (a new num_ctx, after an unload, a reply whose
// load_duration says so), how the server default is learnt, and how tallies add up.
import { describe, expect, it } from 'vitest';
import { CostMeter, distinctContexts, LOAD_EVIDENCE_MS, sumFigures } from '../../src/run/cost.js';
import { loadsText } from '../../src/report/cost.js';

const M = 'm';

function meterWith(trained: number | null = null) {
  const meter = new CostMeter(true);
  meter.setTrainedContext(M, trained);
  return { meter, figures: meter.tally(M, 'context') };
}

describe('CostMeter: loads', () => {
  it('counts one load per change of num_ctx, and again after an unload', () => {
    const { meter, figures } = meterWith();
    meter.unloaded(M);
    for (const context of [8192, 8192, 8192, 131072, 131072, 65536]) meter.request(M, figures, { context });
    meter.unloaded(M);
    meter.request(M, figures, { context: 65536 });
    expect(figures.loads).toBe(4);
    expect(figures.loadedAt).toEqual([8192, 131072, 65536, 65536]);
    expect(figures.requests).toBe(7);
  });

  it('a num_ctx above the trained context is capped as the server caps it: no new load', () => {
    const { meter, figures } = meterWith(8192);
    meter.unloaded(M);
    meter.request(M, figures, { context: 8192 });
    meter.request(M, figures, { context: 16384 });
    meter.request(M, figures, { context: 32768 });
    expect(figures.loads).toBe(1);
  });

  it('before anything is known: a reply without load_duration counts as a load, one with a short load_duration not', () => {
    const first = meterWith();
    first.meter.request(M, first.figures, { context: 'default' });
    expect(first.figures.loads).toBe(1);
    const warm = meterWith();
    warm.meter.request(M, warm.figures, { context: 8192, loadMs: 1 });
    expect(warm.figures.loads).toBe(0);
  });

  it('a reply whose load_duration shows a cold load counts, whatever the meter expected (the server let the model go)', () => {
    const { meter, figures } = meterWith();
    meter.unloaded(M);
    meter.request(M, figures, { context: 8192 });
    meter.request(M, figures, { context: 8192, loadMs: LOAD_EVIDENCE_MS + 1 });
    expect(figures.loads).toBe(2);
  });

  it('learns the server default from a reading taken at it, and takes back a load it only assumed', () => {
    const { meter, figures } = meterWith();
    meter.unloaded(M);
    meter.request(M, figures, { context: 8192 });
    // A Messages request at the default, its value unknown: assumed a reload…
    meter.request(M, figures, { context: 'default' });
    meter.request(M, figures, { context: 'default' });
    expect(figures.loads).toBe(2);
    // …until /api/ps shows the default is the 8192 already loaded.
    meter.observed(M, 8192);
    expect(figures.loads).toBe(1);
    expect(figures.loadedAt).toEqual([8192]);
    // Now known: a native request at 8192 is no load, the default resolves to it.
    meter.request(M, figures, { context: 8192 });
    expect(figures.loads).toBe(1);
    expect(meter.resolve(M, 'default')).toBe(8192);
  });

  it('a reading at another context than the one loaded keeps the load', () => {
    const { meter, figures } = meterWith();
    meter.unloaded(M);
    meter.request(M, figures, { context: 8192 });
    meter.request(M, figures, { context: 'default' });
    meter.observed(M, 32768);
    expect(figures.loads).toBe(2);
    expect(meter.summary([M], ['context']).models[0].total.loadedAt).toEqual([8192, 32768]);
  });

  it('a request that got no answer is counted, but changes nothing of what is loaded', () => {
    const { meter, figures } = meterWith();
    meter.unloaded(M);
    meter.request(M, figures, { context: 8192 });
    meter.request(M, figures, { context: 'default', unanswered: true });
    meter.request(M, figures, { context: 8192 });
    expect(figures).toMatchObject({ requests: 3, loads: 1 });
  });

  it('keeps /api/ps readings by the context they were taken at', () => {
    const { meter, figures } = meterWith();
    meter.unloaded(M);
    meter.request(M, figures, { context: 65536 });
    const reading = { totalBytes: 10, vramBytes: 10, contextTokens: 65536 };
    meter.observed(M, 65536, reading);
    expect(meter.residencyOf(M).readings.get(65536)).toEqual(reading);
  });

  it('on a server that loads its model at start, loads are null and no request is one', () => {
    const meter = new CostMeter(false);
    const figures = meter.tally(M, 'tool-use');
    meter.request(M, figures, { context: 'default', promptTokens: 100, generatedTokens: 5 });
    expect(figures).toMatchObject({ requests: 1, promptTokens: 100, generatedTokens: 5, loads: null, loadedAt: [] });
    expect(loadsText(figures)).toMatch(/loaded at server start/);
  });
});

describe('CostMeter: figures', () => {
  it("sums the server's counts per suite and per model, earlier attempts (--resume) included", () => {
    const meter = new CostMeter(true);
    meter.unloaded(M);
    const throughput = meter.tally(M, 'throughput');
    meter.request(M, throughput, { context: 8192, promptTokens: 4000, generatedTokens: 1 });
    meter.other(throughput);
    const context = meter.tally(M, 'context');
    meter.request(M, context, { context: 131072, promptTokens: 130000, cachedPromptTokens: 1000, generatedTokens: 3 });
    meter.addTally(M, 'context', { ...context, requests: 2, promptTokens: 10, loads: 1, loadedAt: [4096] });
    const summary = meter.summary([M], ['throughput', 'context']);
    const model = summary.models[0];
    expect(model.suites.map((s) => [s.suite, s.requests, s.promptTokens, s.loads])).toEqual([
      ['throughput', 1, 4000, 1],
      ['context', 3, 130010, 2],
    ]);
    expect(model.total).toMatchObject({
      requests: 4,
      promptTokens: 134010,
      cachedPromptTokens: 2000,
      generatedTokens: 7,
      loads: 3,
      otherRequests: 1,
    });
    expect(distinctContexts(model.total)).toEqual([8192, 131072, 4096]);
    expect(summary.total.requests).toBe(4);
  });

  it('sums nothing to zero, with loads null unless tracked', () => {
    expect(sumFigures([]).loads).toBeNull();
    expect(sumFigures([], true).loads).toBe(0);
  });
});
