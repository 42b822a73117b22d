// The tool-use suite: runs every probe once through the server's Messages endpoint, as Claude Code
// calls it, scores the replies and emits one record per category plus the overall score.
import { TargetError } from '../../src/targets/errors.js';
import type { MessageCreateParams } from '../../src/targets/messages.js';
import { runProbePlan } from '../../src/run/probes.js';
import type { Suite, SuiteContext } from '../../src/run/suite.js';
import { buildMetrics, type ScoredProbe } from './metrics.js';
import { CORE_PROBES, PROBES } from './probes.js';
import { observeMessage, observeStream } from './reply.js';
import { scoreProbe } from './scorer.js';
import type { Probe, ProbeOutcome } from './types.js';
import type { MetricInput } from '../../src/types.js';
import { TOOL_USE_METRICS } from './metric-declarations.js';
import { errorMessage } from '../../src/shared/errors.js';

/**
 * Output cap per probe: room for a short reasoning before the calls, but a model that never stops
 * costs 34 × this (at 8192 that was ~278K tokens, half an hour on an 8B). A reply cut here is
 * scored as it is and named "(stopped at max_tokens)" in its reason.
 */
export const MAX_TOKENS = 1024;

function requestOf(probe: Probe, model: string): MessageCreateParams {
  return {
    model,
    max_tokens: MAX_TOKENS,
    messages: probe.messages,
    tools: probe.tools,
    ...(probe.system ? { system: probe.system } : {}),
  };
}

/**
 * One request, no retry. The error's kind is kept: an HTTP or protocol failure is what Claude Code
 * would get and scores as `http_error`; a server that cannot be reached measures nothing.
 */
async function runProbe(ctx: SuiteContext, probe: Probe): Promise<ProbeOutcome> {
  const params = requestOf(probe, ctx.model);
  try {
    const reply = probe.stream
      ? observeStream(await ctx.messages.stream(params))
      : observeMessage(await ctx.messages.create(params));
    return { ok: true, reply };
  } catch (error) {
    const kind = error instanceof TargetError ? error.kind : null;
    return { ok: false, error: errorMessage(error), kind };
  }
}

/** Probes are independent: `--parallel` sends several at once (the default, 1, sends them one by one). */
export async function runProbes(ctx: SuiteContext, probes: readonly Probe[]): Promise<ScoredProbe[]> {
  return runProbePlan(ctx, {
    name: 'tool-use',
    probes,
    label: (probe) => `${probe.category} ${probe.id}`,
    run: (probe) => runProbe(ctx, probe),
    score: scoreProbe,
    parallel: ctx.options.parallel,
  });
}

/** A --quick record says its score rests on the core probes alone. */
function quickMetric(metric: MetricInput, probes: readonly Probe[]): MetricInput {
  const category = metric.metric.startsWith('tool_use.') ? metric.metric.slice('tool_use.'.length) : null;
  const sent = category ? probes.filter((probe) => probe.category === category).length : probes.length;
  const of = category ? PROBES.filter((probe) => probe.category === category).length : PROBES.length;
  return {
    ...metric,
    detail: `quick run, ${sent} core probe(s) of ${of}: ${metric.detail ?? ''}`,
    data: { ...metric.data, quick: true },
  };
}

export const toolUseSuite: Suite = {
  id: 'tool-use',
  title: 'Tool use',
  description:
    "Whether the model makes well-formed tool calls over the server's Anthropic Messages endpoint the way Claude Code needs them: simple, choosing, parallel, multi-turn, irrelevant, streamed and behind a Claude Code-sized prompt.",
  defaultOn: true,
  metrics: TOOL_USE_METRICS,
  async run(ctx) {
    const probes = ctx.options.quick ? CORE_PROBES : PROBES;
    const scored = await runProbes(ctx, probes);
    for (const metric of buildMetrics(scored, probes, { server: ctx.server.advice, model: ctx.model }))
      ctx.emit(ctx.options.quick ? quickMetric(metric, probes) : metric);
  },
};
