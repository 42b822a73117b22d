import { describe, expect, it } from 'vitest';
import { buildMetrics, failureCounts, statusOf, type ScoredProbe } from '../../suites/tool-use/metrics.js';
import { PROBES } from '../../suites/tool-use/probes.js';
import { scoreProbe } from '../../suites/tool-use/scorer.js';
import type { Category, FailureMode, Probe } from '../../suites/tool-use/types.js';
import type { TargetErrorKind } from '../../src/targets/errors.js';

const probesIn = (category: Category): Probe[] => PROBES.filter((probe) => probe.category === category);

function passed(probe: Probe): ScoredProbe {
  return {
    probe,
    outcome: {
      ok: true,
      reply: { blocks: [{ type: 'text', text: 'ok' }], stopReason: 'end_turn', streamed: false, complete: true },
    },
    score: { passed: true, measured: true, failure: null, reason: '' },
  };
}

function failed(probe: Probe, failure: FailureMode, reply = 'reply text', reason = 'why'): ScoredProbe {
  const outcome =
    failure === 'http_error'
      ? { ok: false as const, error: reason, kind: 'http' as const }
      : {
          ok: true as const,
          reply: {
            blocks: [{ type: 'text' as const, text: reply }],
            stopReason: 'end_turn',
            streamed: false,
            complete: true,
          },
        };
  return { probe, outcome, score: { passed: false, measured: true, failure, reason } };
}

/** A probe whose request failed with `kind`, scored by the real scorer. */
function requestFailed(probe: Probe, kind: TargetErrorKind, error: string): ScoredProbe {
  const outcome = { ok: false as const, error, kind };
  return { probe, outcome, score: scoreProbe(probe, outcome) };
}

const REFUSED =
  'POST /v1/messages sim-good: connection refused (nothing listens there: is the server running?) (ECONNREFUSED)';

describe('statusOf', () => {
  it('applies the documented thresholds', () => {
    expect(statusOf(1)).toBe('pass');
    expect(statusOf(0.9)).toBe('pass');
    expect(statusOf(0.89)).toBe('warn');
    expect(statusOf(0.6)).toBe('warn');
    expect(statusOf(0.59)).toBe('fail');
    expect(statusOf(0)).toBe('fail');
  });
});

describe('buildMetrics', () => {
  it('emits one ratio per category that ran, then tool_use_score', () => {
    const scored = [
      ...probesIn('simple').map(passed),
      failed(probesIn('choose')[0], 'wrong_tool'),
      ...probesIn('choose').slice(1).map(passed),
    ];
    const metrics = buildMetrics(scored);
    expect(metrics.map((metric) => metric.metric)).toEqual(['tool_use.simple', 'tool_use.choose', 'tool_use_score']);
    expect(metrics.every((metric) => metric.unit === 'ratio')).toBe(true);
    const choose = metrics[1];
    const chooseTotal = probesIn('choose').length;
    expect(choose.value).toBeCloseTo((chooseTotal - 1) / chooseTotal, 3);
    expect(choose.detail).toBe(`${chooseTotal - 1}/${chooseTotal} passed; wrong_tool×1`);
    expect(metrics[0].status).toBe('pass');
    expect(metrics[0].advice).toBeUndefined();
    expect(choose.advice).toMatch(/wrong tool/i);
  });

  it('counts failure modes, most frequent first', () => {
    const [a, b, c] = probesIn('simple');
    const counts = failureCounts([
      failed(a, 'wrong_args'),
      failed(b, 'tool_call_as_text'),
      failed(c, 'tool_call_as_text'),
    ]);
    expect(counts).toEqual([
      ['tool_call_as_text', 2],
      ['wrong_args', 1],
    ]);
  });

  it("puts the server's reason into the detail when requests failed, and fails", () => {
    const reason = 'POST /v1/messages gemma2:9b: HTTP 400: registry.ollama.ai/library/gemma2:9b does not support tools';
    const scored = PROBES.map((probe) => failed(probe, 'http_error', '', reason));
    const overall = buildMetrics(scored).at(-1)!;
    expect(overall.status).toBe('fail');
    expect(overall.value).toBe(0);
    expect(overall.detail).toContain(`http_error×${PROBES.length}`);
    expect(overall.detail).toContain('HTTP 400: registry.ollama.ai/library/gemma2:9b does not support tools');
    expect(overall.detail).not.toContain('POST /v1/messages');
    expect(overall.advice).toContain('`tools` capability');
  });

  it('gives server advice, not the no-tools advice, for other server failures', () => {
    const reason = 'POST /v1/messages qwen2.5-coder:32b: HTTP 500: model runner has unexpectedly stopped';
    const overall = buildMetrics(PROBES.slice(0, 3).map((probe) => failed(probe, 'http_error', '', reason))).at(-1)!;
    expect(overall.detail).toContain('model runner has unexpectedly stopped');
    expect(overall.advice).toContain('check the Ollama log');
    expect(overall.advice).not.toContain('`tools` capability');
  });

  it('lists failed probes with their replies truncated for the report', () => {
    const probe = probesIn('simple')[0];
    const long = `<tool_call>${'x'.repeat(1000)}</tool_call>`;
    const overall = buildMetrics([failed(probe, 'tool_call_as_text', long)]).at(-1)!;
    const failedProbes = overall.data?.failedProbes as Array<{
      id: string;
      category: string;
      failure: string;
      reply: string;
    }>;
    expect(failedProbes).toHaveLength(1);
    expect(failedProbes[0]).toMatchObject({ id: probe.id, category: 'simple', failure: 'tool_call_as_text' });
    expect(failedProbes[0].reply.startsWith('<tool_call>x')).toBe(true);
    expect(failedProbes[0].reply.length).toBeLessThanOrEqual(400);
  });

  it('advises a larger context when only the Claude Code-sized prompts fail', () => {
    const scored = [
      ...probesIn('simple').map(passed),
      ...probesIn('long_prompt').map((probe) => failed(probe, 'no_tool_call')),
    ];
    const overall = buildMetrics(scored).at(-1)!;
    expect(overall.advice).toContain('OLLAMA_CONTEXT_LENGTH');
    const simpleAlsoFails = buildMetrics([
      failed(probesIn('simple')[0], 'no_tool_call'),
      ...probesIn('long_prompt').map((probe) => failed(probe, 'no_tool_call')),
    ]).at(-1)!;
    expect(simpleAlsoFails.advice).not.toContain('OLLAMA_CONTEXT_LENGTH');
  });

  it('says when the run was interrupted', () => {
    const overall = buildMetrics(probesIn('simple').map(passed), PROBES.length).at(-1)!;
    expect(overall.detail).toContain(`interrupted after ${probesIn('simple').length} of ${PROBES.length} probes`);
    expect(buildMetrics([], PROBES.length)).toEqual([]);
  });
});

describe('the coverage rule', () => {
  it('gives no verdict from a few answers: 2 of 34 answered is an error, not a pass', () => {
    const [a, b] = PROBES;
    const scored = [
      passed(a),
      passed(b),
      ...PROBES.slice(2).map((probe) => requestFailed(probe, 'unreachable', REFUSED)),
    ];
    const overall = buildMetrics(scored).at(-1)!;
    expect(overall).toMatchObject({ metric: 'tool_use_score', status: 'error', value: null });
    expect(overall.detail).toContain(`measured 2 of ${PROBES.length}`);
  });

  it('counts probes that never ran (an interrupted run) as unanswered', () => {
    const overall = buildMetrics(PROBES.slice(0, 5).map(passed), PROBES.length).at(-1)!;
    expect(overall).toMatchObject({ status: 'error', value: null });
    expect(overall.detail).toMatch(
      /^measured 5 of \d+ \(below 80%: no verdict\): the run was stopped before every probe ran; interrupted after 5 of/,
    );
    expect(overall.data?.coverage).toEqual({ answered: 5, asked: PROBES.length });
  });

  it('judges a category against its planned probes: one cut short by an interruption is no verdict', () => {
    const simple = probesIn('simple');
    const metrics = buildMetrics(simple.slice(0, 2).map(passed), PROBES);
    expect(metrics.find((m) => m.metric === 'tool_use.simple')).toMatchObject({
      status: 'error',
      value: null,
      data: { coverage: { answered: 2, asked: simple.length } },
    });
    expect(metrics.every((m) => m.status !== 'pass')).toBe(true);
  });

  it('counts timed-out probes (a frozen server) as asked, not answered', () => {
    const simple = probesIn('simple');
    const scored = [
      ...simple.slice(0, 2).map(passed),
      ...simple
        .slice(2)
        .map((probe) =>
          requestFailed(probe, 'timeout', 'POST /v1/messages m: timed out after 5 s without a complete reply'),
        ),
    ];
    const category = buildMetrics(scored, PROBES).find((m) => m.metric === 'tool_use.simple')!;
    expect(category).toMatchObject({ status: 'error', value: null, data: { unscored: { value: 1, status: 'pass' } } });
    expect(category.detail).toMatch(/^measured 2 of \d+ \(below 80%: no verdict\): requests timed out/);
  });

  it('scores normally at or above 80% answered', () => {
    const cut = Math.floor(PROBES.length * 0.15);
    const scored = [
      ...PROBES.slice(cut).map(passed),
      ...PROBES.slice(0, cut).map((probe) => requestFailed(probe, 'timeout', 'timed out')),
    ];
    expect(buildMetrics(scored).at(-1)).toMatchObject({ status: 'pass', value: 1 });
  });
});

describe('probes whose request got no answer', () => {
  it.each(['unreachable', 'timeout', 'aborted'] as const)('%s: not measured, not a failure of the model', (kind) => {
    const probe = probesIn('simple')[0];
    const score = scoreProbe(probe, { ok: false, error: 'gone', kind });
    expect(score).toMatchObject({ passed: false, measured: false, failure: null });
  });

  it.each(['http', 'protocol'] as const)('%s: still an http_error failure, as Claude Code would get it', (kind) => {
    const score = scoreProbe(probesIn('simple')[0], { ok: false, error: 'HTTP 400: does not support tools', kind });
    expect(score).toMatchObject({ passed: false, measured: true, failure: 'http_error' });
  });

  it('are left out of the ratio and counted in the detail', () => {
    const [a, b, c, d] = probesIn('simple');
    const answered = [
      ...PROBES.filter((probe) => ![a, b, c, d].includes(probe)).map(passed),
      passed(a),
      passed(b),
      failed(c, 'wrong_args'),
    ];
    const metrics = buildMetrics([...answered, requestFailed(d, 'unreachable', REFUSED)]);
    const overall = metrics.at(-1)!;
    // 33 of 34 answered: above the coverage floor, so a verdict over the answered ones.
    expect(overall.value).toBeCloseTo((answered.length - 1) / answered.length, 3);
    expect(overall.status).toBe(statusOf((answered.length - 1) / answered.length));
    expect(overall.detail).toBe(
      `${answered.length - 1}/${answered.length} passed; wrong_args×1; not measured: 1 (connection refused (nothing listens there: is the server running?) (ECONNREFUSED))`,
    );
    expect(overall.data?.total).toBe(answered.length);
    expect((overall.data?.notMeasured as Array<{ id: string }> | undefined)?.map((item) => item.id)).toEqual([d.id]);
    expect((overall.data?.failedProbes as Array<{ id: string }> | undefined)?.map((item) => item.id)).toEqual([c.id]);
  });

  it('make a category, and the score, an error with no value when nothing was measured', () => {
    const scored = [
      ...probesIn('simple').map(passed),
      ...probesIn('choose').map((probe) =>
        requestFailed(probe, 'timeout', 'POST /v1/messages m: timed out after 1 s without a complete reply'),
      ),
    ];
    const metrics = buildMetrics(scored);
    const choose = metrics.find((metric) => metric.metric === 'tool_use.choose')!;
    expect(choose).toMatchObject({ status: 'error', value: null });
    expect(choose.detail).toContain(
      `not measured: ${probesIn('choose').length} (timed out after 1 s without a complete reply)`,
    );
    expect(metrics[0]).toMatchObject({ metric: 'tool_use.simple', status: 'pass', value: 1 });
    // The score covers only the simple probes: far below the coverage floor, so no verdict (never a pass).
    expect(metrics.at(-1)).toMatchObject({ status: 'error', value: null });
    expect(metrics.at(-1)!.detail).toContain(`measured ${probesIn('simple').length} of ${scored.length}`);

    const allGone = buildMetrics(PROBES.map((probe) => requestFailed(probe, 'unreachable', REFUSED))).at(-1)!;
    expect(allGone).toMatchObject({ status: 'error', value: null });
    expect(allGone.detail).toContain(`not measured: ${PROBES.length} (connection refused`);
    expect(allGone.advice).toContain('--resume');
  });

  it('do not count as long-prompt failures', () => {
    const scored = [
      ...probesIn('simple').map(passed),
      ...probesIn('long_prompt').map((probe) => requestFailed(probe, 'timeout', 'timed out')),
    ];
    expect(buildMetrics(scored).at(-1)!.advice ?? '').not.toContain('OLLAMA_CONTEXT_LENGTH');
  });
});
