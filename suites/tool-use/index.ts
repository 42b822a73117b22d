// The tool-use suite: runs every probe once through the server's Messages endpoint, as Claude Code
// calls it, scores the replies and emits one record per category plus the overall score.
import { TargetError } from '../../src/targets/errors.js';
import { generatedTokensOf, type MessageCreateParams } from '../../src/targets/messages.js';
import { runProbePlan } from '../../src/run/probes.js';
import type { Suite, SuiteContext } from '../../src/run/suite.js';
import { buildMetrics, type ScoredProbe } from './metrics.js';
import { CORE_PROBES, PROBES } from './probes.js';
import { observeMessage, observeStream } from './reply.js';
import { scoreProbe } from './scorer.js';
import type { ObservedReply, Probe, ProbeOutcome } from './types.js';
import { budgetDetail, GenerationBudget, type GenerationSummary } from './budget.js';
import type { MetricInput } from '../../src/types.js';
import { TOOL_USE_METRICS } from './metric-declarations.js';
import { errorMessage } from '../../src/shared/errors.js';

export { GENERATION_FLOOR, MAX_TOKENS, TOOL_USE_GENERATION_BUDGET } from './budget.js';

function requestOf(probe: Probe, model: string, maxTokens: number): MessageCreateParams {
  return {
    model,
    max_tokens: maxTokens,
    messages: probe.messages,
    tools: probe.tools,
    ...(probe.system ? { system: probe.system } : {}),
  };
}

/**
 * One request, no retry, its max_tokens reserved from the suite's budget and settled with the
 * server's own count. The error's kind is kept: an HTTP or protocol failure is what Claude Code
 * would get and scores as `http_error`; a server that cannot be reached measures nothing.
 */
async function runProbe(ctx: SuiteContext, probe: Probe, budget: GenerationBudget): Promise<ProbeOutcome> {
  const reservation = budget.reserve();
  const params = requestOf(probe, ctx.model, reservation.maxTokens);
  const limit = reservation.limited ? { limit: { maxTokens: reservation.maxTokens, budget: budget.name } } : {};
  try {
    let generated: number | null;
    let reply: ObservedReply;
    if (probe.stream) {
      const streamed = await ctx.messages.stream(params);
      generated = streamed.outputTokens;
      reply = observeStream(streamed);
    } else {
      const message = await ctx.messages.create(params);
      generated = generatedTokensOf(message.usage);
      reply = observeMessage(message);
    }
    budget.settle(reservation, generated, reply.stopReason === 'max_tokens');
    return { ok: true, reply, ...limit };
  } catch (error) {
    const kind = error instanceof TargetError ? error.kind : null;
    // An HTTP error answer generated nothing; without an answer the server may have used it all.
    budget.settle(reservation, kind === 'http' ? 0 : null, false);
    return { ok: false, error: errorMessage(error), kind };
  }
}

/** Probes are independent: `--parallel` sends several at once (the default, 1, sends them one by one). */
export async function runProbes(
  ctx: SuiteContext,
  probes: readonly Probe[],
  budget = new GenerationBudget(probes.length, ctx.options.parallel),
): Promise<ScoredProbe[]> {
  return runProbePlan(ctx, {
    name: 'tool-use',
    probes,
    label: (probe) => `${probe.category} ${probe.id}`,
    run: (probe) => runProbe(ctx, probe, budget),
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

/** The overall record carries what the suite generated against its budget, and says so when the budget bit. */
function budgetMetric(metric: MetricInput, generation: GenerationSummary): MetricInput {
  return { ...metric, detail: (metric.detail ?? '') + budgetDetail(generation), data: { ...metric.data, generation } };
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
    const budget = new GenerationBudget(probes.length, ctx.options.parallel);
    const scored = await runProbes(ctx, probes, budget);
    for (const metric of buildMetrics(scored, probes, { server: ctx.server.advice, model: ctx.model })) {
      const withBudget = metric.metric === 'tool_use_score' ? budgetMetric(metric, budget.summary()) : metric;
      ctx.emit(ctx.options.quick ? quickMetric(withBudget, probes) : withBudget);
    }
  },
};
