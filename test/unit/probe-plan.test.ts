// The shared suite shape: probes as data, a runner, a scorer, and the one loop around them.
import { describe, expect, it } from 'vitest';
import { collectingContext } from '../../src/run/context.js';
import { runProbePlan } from '../../src/run/probes.js';

function contextWith(signal?: AbortSignal) {
  const lines: string[] = [];
  const { ctx } = collectingContext({
    model: 'm',
    suite: 'demo',
    host: 'http://127.0.0.1:9',
    signal,
    onProgress: (line) => lines.push(line),
  });
  return { ctx, lines };
}

describe('runProbePlan', () => {
  it('runs and scores every probe in order, names each in a progress line and hands each on as it comes', async () => {
    const { ctx, lines } = contextWith();
    const handed: string[] = [];
    const scored = await runProbePlan(ctx, {
      name: 'demo',
      probes: [1, 2, 3],
      label: (n) => `probe ${n}`,
      run: async (n) => n * 10,
      score: (n, outcome) => outcome + n,
      onScored: ({ probe, score }) => handed.push(`${probe}:${score}`),
    });
    expect(scored).toEqual([
      { probe: 1, outcome: 10, score: 11 },
      { probe: 2, outcome: 20, score: 22 },
      { probe: 3, outcome: 30, score: 33 },
    ]);
    expect(handed).toEqual(['1:11', '2:22', '3:33']);
    expect(lines).toEqual(['demo: probe 1 (1/3)', 'demo: probe 2 (2/3)', 'demo: probe 3 (3/3)']);
  });

  it("a probe that throws costs its own result, not the others', when the plan takes its errors", async () => {
    const { ctx } = contextWith();
    const errors: string[] = [];
    const scored = await runProbePlan(ctx, {
      name: 'demo',
      probes: ['a', 'b'],
      label: (p) => p,
      run: async (p) => {
        if (p === 'a') throw new Error('a broke');
        return p;
      },
      score: (_p, outcome) => outcome.toUpperCase(),
      onError: (p, error) => errors.push(`${p}: ${(error as Error).message}`),
    });
    expect(scored.map((s) => s.score)).toEqual(['B']);
    expect(errors).toEqual(['a: a broke']);
    await expect(
      runProbePlan(ctx, {
        name: 'demo',
        probes: ['a'],
        label: (p) => p,
        run: async () => {
          throw new Error('no handler');
        },
        score: () => 0,
      }),
    ).rejects.toThrow('no handler');
  });

  it('after Ctrl-C starts no further probe and drops the one cut off, unless the plan keeps it', async () => {
    for (const keepAborted of [false, true]) {
      const controller = new AbortController();
      const { ctx } = contextWith(controller.signal);
      const ran: number[] = [];
      const scored = await runProbePlan(ctx, {
        name: 'demo',
        probes: [1, 2, 3],
        label: String,
        run: async (n) => {
          ran.push(n);
          if (n === 2) controller.abort();
          return n;
        },
        score: (_n, outcome) => outcome,
        keepAborted,
      });
      expect(ran).toEqual([1, 2]);
      expect(scored.map((s) => s.probe)).toEqual(keepAborted ? [1, 2] : [1]);
    }
  });
});
