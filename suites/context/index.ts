// The context-window suite: how much context Claude Code's requests really get from Ollama's
// Messages endpoint (which cannot set num_ctx) and how much the model can really use.
// Probe order groups requests by num_ctx so each value loads the model once: Messages probes
// (server default), the overflow probe if needed (num_ctx 2048), then the native ladder upwards.
import type { Suite, SuiteContext } from '../../src/run/suite.js';
import type { MetricInput } from '../../src/types.js';
import { allocationFor, measureEffectiveContext, NEEDLE_DEPTHS, type EffectiveMeasurement } from './effective.js';
import { contextFix, REQUIRED_CONTEXT_TOKENS } from './fix.js';
import { probeOverflow } from './overflow.js';
import { ModelClock } from './probes.js';
import { estimateServerContext, measureServerContext, observedOverflow } from './server.js';
import { TokenScale } from './tokens.js';
import { allocatedMetric, claimedMetric, effectiveMetric, modelSecondsMetric, overflowMetric, promptFitsMetric, serverMetric, type ModelContextInfo } from './verdicts.js';

export const CONTEXT_METRICS = [
  'claimed_context_tokens',
  'server_context_tokens',
  'claude_code_prompt_fits',
  'overflow_behavior',
  'effective_context_tokens',
  'allocated_context_tokens',
  'suite_model_seconds',
] as const;

/** Probes never go past this (Ollama's largest default context), whatever a model claims. */
const MAX_PROBE_TOKENS = 262_144;
/** Ladder top when /api/show names no trained context. */
const UNKNOWN_CLAIM_TOP = 131_072;

export interface ContextSuiteSettings {
  /** Context Claude Code needs from the Messages endpoint (default 65536, the guide's 64K). */
  requiredTokens?: number;
}

function numberOr(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Trained context, family and any Modelfile num_ctx from /api/show (model_info arrives as a plain object). */
export async function readModelContextInfo(ctx: SuiteContext): Promise<ModelContextInfo> {
  const show = await ctx.ollama.show(ctx.model);
  const raw = show.model_info as unknown;
  const info: Record<string, unknown> = raw instanceof Map ? Object.fromEntries(raw) : ((raw ?? {}) as Record<string, unknown>);
  const architecture = typeof info['general.architecture'] === 'string' ? info['general.architecture'] : null;
  const modelfileNumCtx = /(?:^|\n)\s*num_ctx\s+(\d+)/.exec(show.parameters ?? '')?.[1];
  return {
    claimed: architecture ? numberOr(info[`${architecture}.context_length`]) : null,
    architecture,
    family: show.details?.family ?? null,
    modelfileNumCtx: modelfileNumCtx ? Number(modelfileNumCtx) : null,
  };
}

async function runContextSuite(ctx: SuiteContext, required: number): Promise<void> {
  const emitted = new Set<string>();
  const emit = (metric: MetricInput): void => {
    emitted.add(metric.metric);
    ctx.emit(metric);
  };
  const clock = new ModelClock();
  const scale = new TokenScale();
  let reason = 'not measured';
  try {
    const info = await readModelContextInfo(ctx);
    emit(claimedMetric(info, required));
    const top = Math.min(info.claimed ?? UNKNOWN_CLAIM_TOP, MAX_PROBE_TOKENS);

    const server = await measureServerContext(ctx, top, scale, clock);
    const estimate = estimateServerContext(server);
    const early = contextFix(ctx.model, { required, claimed: info.claimed, effective: null });
    emit(serverMetric(server, estimate, required, early));

    let overflow = observedOverflow(server);
    let overflowSource: 'messages' | 'native' = 'messages';
    if (overflow === null && !ctx.signal.aborted) {
      overflow = (await probeOverflow(ctx, scale, clock)).behavior;
      overflowSource = 'native';
    }

    let effective: EffectiveMeasurement | null = null;
    try {
      effective = await measureEffectiveContext(ctx, top, scale, clock);
      emit(effectiveMetric(effective, NEEDLE_DEPTHS, required, info.claimed));
    } finally {
      // The verdicts need only the server context; they are recorded even when the native ladder broke.
      const fix = contextFix(ctx.model, { required, claimed: info.claimed, effective: effective?.search.largestFit ?? null });
      const fits = estimate.tokens !== null && estimate.tokens >= required;
      emit(promptFitsMetric(estimate, server.search.stopped !== null, required, fix));
      emit(overflowMetric(overflow, overflowSource, fits, estimate.tokens, fix));
    }

    const requested = Math.min(required, top);
    emit(allocatedMetric(await allocationFor(ctx, requested, effective.allocations, clock), effective.allocations));
  } catch (error) {
    reason = ctx.signal.aborted ? 'aborted' : error instanceof Error ? error.message : String(error);
  } finally {
    for (const metric of CONTEXT_METRICS) {
      if (metric === 'suite_model_seconds' || emitted.has(metric)) continue;
      emit({ metric, value: null, status: 'error', detail: reason });
    }
    emit(modelSecondsMetric(clock));
  }
}

export function createContextSuite(settings: ContextSuiteSettings = {}): Suite {
  const required = settings.requiredTokens ?? REQUIRED_CONTEXT_TOKENS;
  return {
    id: 'context',
    title: 'Context window',
    description: `How much context Claude Code really gets through Ollama's Messages endpoint (needs ${required}), what the model can retrieve from, and what happens to prompts that do not fit.`,
    defaultOn: true,
    run: (ctx) => runContextSuite(ctx, required),
  };
}

export const contextSuite: Suite = createContextSuite();
