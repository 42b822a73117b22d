// The context-window suite: how much context Claude Code's requests really get from the server's
// Messages endpoint (which cannot set the context) and how much the model can really use.
// Probe order groups requests by num_ctx so each value loads the model once: Messages probes
// (server default), the native probes at the claimed length, the allocation check at 64K (whose
// /api/ps reading the memory suite reuses), then the overflow probe if needed (num_ctx 2048).
import type { Suite, SuiteContext } from '../../src/run/suite.js';
import type { Coverage, MetricInput } from '../../src/types.js';
import { allocationFor, measureEffectiveContext, NEEDLE_DEPTHS, type EffectiveMeasurement } from './effective.js';
import { contextFix, REQUIRED_CONTEXT_TOKENS } from '../../src/launch/context-fix.js';
import { probeOverflow, probeOverflowMessages } from './overflow.js';
import { ModelClock, type NeedleProbe } from './probes.js';
import { estimateServerContext, measureServerContext, observedOverflow } from './server.js';
import { TokenScale } from './tokens.js';
import {
  probeSummary,
  allocatedMetric,
  claimedMetric,
  effectiveMetric,
  modelSecondsMetric,
  overflowMetric,
  promptFitsMetric,
  serverMetric,
  unsupportedMetric,
  type ModelContextInfo,
} from './verdicts.js';
import { lacks } from '../../src/servers/types.js';
import { quickSkip } from '../../src/run/quick.js';
import { CONTEXT_METRICS as CONTEXT_METRIC_DECLARATIONS } from './metric-declarations.js';
import { errorMessage } from '../../src/shared/errors.js';

const CAPABILITY_TAIL = { timings: 'has no timed generation API' } as const;

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

/** Trained context, family and any Modelfile num_ctx, as the server reports them. */
export async function readModelContextInfo(ctx: SuiteContext): Promise<ModelContextInfo> {
  const details = await ctx.server.modelDetails(ctx.model);
  return {
    claimed: details.trainedContext,
    architecture: details.architecture,
    family: details.family,
    modelfileNumCtx: details.configuredContext,
  };
}

async function runContextSuite(ctx: SuiteContext, required: number): Promise<void> {
  const emitted = new Set<string>();
  const emit = (metric: MetricInput): void => {
    emitted.add(metric.metric);
    ctx.emit(metric);
  };
  const { capabilities, advice, backend } = ctx.server;
  const clock = new ModelClock();
  const scale = new TokenScale();
  let reason = 'not measured';
  if (!capabilities.loadedContext && !capabilities.timings) {
    // Nothing to cross-check a Messages-only search against, and no way to size the ladder: no verdict.
    for (const metric of CONTEXT_METRICS) {
      if (metric !== 'suite_model_seconds')
        emit(
          unsupportedMetric(
            metric,
            `${lacks(backend, 'loadedContext')} and ${CAPABILITY_TAIL.timings}: the context suite needs one of them`,
          ),
        );
    }
    return;
  }
  try {
    const info = await readModelContextInfo(ctx);
    emit({ ...claimedMetric(info, required), coverage: { answered: 1, asked: 1 } });
    const top = Math.min(info.claimed ?? UNKNOWN_CLAIM_TOP, MAX_PROBE_TOKENS);

    const server = await measureServerContext(ctx, top, scale, clock);
    const estimate = estimateServerContext(server);
    const early = contextFix(ctx.model, { required, claimed: info.claimed, effective: null }, advice);
    // Every verdict below but the ladder's rests on the Messages probes: the coverage rule counts them.
    const serverCoverage = probeCoverage(server.probes);
    emit({ ...serverMetric(server, estimate, required, early), coverage: serverCoverage });

    let overflow = observedOverflow(server);
    let overflowSource: 'messages' | 'native' = 'messages';
    let overflowProbe: NeedleProbe | null = null;
    // Where the context is fixed, Messages requests past it show the overflow (at the server default,
    // like the probes above); elsewhere a small native probe does, after every other native probe.
    if (overflow === null && !ctx.signal.aborted && !capabilities.perRequestContext && estimate.tokens) {
      const probed = await probeOverflowMessages(ctx, estimate.tokens, scale, clock);
      overflow = probed.behavior;
      overflowProbe = probed.probe;
    }

    let effective: EffectiveMeasurement | null = null;
    // On a fixed-context server the ladder stops at the server's context: reaching it says nothing of the model's own limit.
    let ceilingHit = false;
    try {
      if (ctx.options.quick) {
        // --quick measures what the verdict needs (server context, fits), not the model's own limit.
        emit(quickSkip('effective_context_tokens', 'tokens'));
      } else if (!capabilities.timings) {
        emit(
          unsupportedMetric(
            'effective_context_tokens',
            `${lacks(backend, 'timings')}: the needle ladder needs its native generation API`,
          ),
        );
      } else {
        // A server with a fixed context can be probed only up to it.
        const ceiling = capabilities.perRequestContext
          ? top
          : Math.min(top, estimate.tokens ?? server.loadedContext ?? top);
        effective = await measureEffectiveContext(ctx, ceiling, scale, clock);
        ceilingHit = !capabilities.perRequestContext && (effective.search.largestFit ?? 0) >= ceiling - 1024;
        const metric = {
          ...effectiveMetric(effective, NEEDLE_DEPTHS, required, info.claimed),
          coverage: probeCoverage(effective.probes),
        };
        emit(
          ceilingHit
            ? {
                ...metric,
                detail: `${metric.detail}; capped at the server's fixed context of ${ceiling} (a lower bound for the model)`,
                advice: undefined,
              }
            : metric,
        );
      }
    } finally {
      // Native probes at their own contexts go last, each context once: the allocation check at 64K
      // (whose /api/ps reading the memory suite reuses), then the small overflow probe at 2048.
      const allocated = await allocationRecord(ctx, Math.min(required, top), effective, clock);
      // The small native overflow probe sets its own context: only where the server lets a request choose it.
      if (overflow === null && !ctx.signal.aborted && capabilities.perRequestContext) {
        overflow = (await probeOverflow(ctx, scale, clock)).behavior;
        overflowSource = 'native';
      }
      // The verdicts need only the server context; they are recorded even when the native ladder broke.
      const fix = contextFix(
        ctx.model,
        { required, claimed: info.claimed, effective: ceilingHit ? null : (effective?.search.largestFit ?? null) },
        advice,
      );
      const fits = estimate.tokens !== null && estimate.tokens >= required;
      emit({ ...promptFitsMetric(estimate, server.search.stopped !== null, required, fix), coverage: serverCoverage });
      const overflowRecord = overflowMetric(overflow, overflowSource, fits, estimate.tokens, fix);
      emit({
        ...(overflowProbe
          ? { ...overflowRecord, data: { ...overflowRecord.data, probe: probeSummary(overflowProbe) } }
          : overflowRecord),
        coverage: serverCoverage,
      });
      emit(allocated);
    }
  } catch (error) {
    reason = ctx.signal.aborted ? 'aborted' : errorMessage(error);
  } finally {
    for (const metric of CONTEXT_METRICS) {
      if (metric === 'suite_model_seconds' || emitted.has(metric)) continue;
      emit({ metric, value: null, status: 'error', detail: reason });
    }
    emit(modelSecondsMetric(clock));
  }
}

/** What the server allocates at `requested` (the context Claude Code needs, or the trained one): never throws, a failure is its record. */
async function allocationRecord(
  ctx: SuiteContext,
  requested: number,
  effective: EffectiveMeasurement | null,
  clock: ModelClock,
): Promise<MetricInput> {
  if (!ctx.server.capabilities.loadUnload)
    return unsupportedMetric(
      'allocated_context_tokens',
      `${lacks(ctx.server.backend, 'loadUnload')}: its context is the one it was started with (server_context_tokens)`,
    );
  try {
    const allocation = await allocationFor(ctx, requested, clock);
    const known = effective?.allocations ?? [];
    const all = known.some((a) => a.requested === requested) ? known : [...known, allocation];
    return { ...allocatedMetric(allocation, all), coverage: { answered: 1, asked: 1 } };
  } catch (error) {
    const detail = ctx.signal.aborted ? 'aborted' : error instanceof Error ? error.message : String(error);
    return { metric: 'allocated_context_tokens', value: null, unit: 'tokens', status: 'error', detail };
  }
}

/** Probes that got an answer (a reply, or a refusal as over the context) of those sent; an error or timeout is no answer. */
function probeCoverage(probes: readonly NeedleProbe[]): Coverage {
  const unanswered = probes.filter((probe) => probe.failure?.kind === 'error');
  return {
    answered: probes.length - unanswered.length,
    asked: probes.length,
    ...(unanswered[0]?.failure ? { why: unanswered[0].failure.message } : {}),
  };
}

export function createContextSuite(settings: ContextSuiteSettings = {}): Suite {
  const required = settings.requiredTokens ?? REQUIRED_CONTEXT_TOKENS;
  return {
    id: 'context',
    title: 'Context window',
    description: `How much context Claude Code really gets through the server's Messages endpoint (needs ${required}), what the model can retrieve from, and what happens to prompts that do not fit.`,
    defaultOn: true,
    metrics: CONTEXT_METRIC_DECLARATIONS,
    run: (ctx) => runContextSuite(ctx, required),
  };
}

export const contextSuite: Suite = createContextSuite();
