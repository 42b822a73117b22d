// Measurements → metric records. Pure: every status, detail and advice of the suite is decided here.
import type { MetricInput } from '../../src/types.js';
import type { ContextAllocation, EffectiveMeasurement } from './effective.js';
import type { ContextFix } from '../../src/launch/context-fix.js';
import type { ModelClock, NeedleProbe } from './probes.js';
import type { SearchResult } from './search.js';
import type { OverflowBehavior, ServerContextEstimate, ServerMeasurement } from './server.js';

export interface ModelContextInfo {
  claimed: number | null;
  architecture: string | null;
  family: string | null;
  /** `num_ctx` set in the model's own Modelfile: the Messages endpoint runs at it. */
  modelfileNumCtx: number | null;
}

/** A probe as it goes into `data`: sizes, the server's count, each answer, any failure. */
export function probeSummary(probe: NeedleProbe): Record<string, unknown> {
  return {
    contextLength: probe.contextLength,
    promptChars: probe.promptChars,
    expectedTokens: probe.expectedTokens,
    serverTokens: probe.serverTokens,
    answers: probe.asked.map((a) => ({
      depth: a.depth,
      answer: a.answer,
      ...(a.answer === 'retrieved' ? {} : { reply: a.reply }),
    })),
    ...(probe.failure ? { failure: probe.failure } : {}),
  };
}

function bracket(search: SearchResult): string {
  const parts = [`fits up to ${search.largestFit ?? 'nothing'}`];
  if (search.smallestLoss !== null) parts.push(`lost at ${search.smallestLoss}`);
  if (search.stopped) parts.push(`stopped at ${search.stopped.length}: ${search.stopped.reason}`);
  return parts.join(', ');
}

export function claimedMetric(info: ModelContextInfo, required: number): MetricInput {
  const data = { architecture: info.architecture, family: info.family, modelfileNumCtx: info.modelfileNumCtx };
  if (info.claimed === null)
    return {
      metric: 'claimed_context_tokens',
      value: null,
      unit: 'tokens',
      status: 'warn',
      detail: '/api/show names no <architecture>.context_length',
      data,
    };
  const short = info.claimed < required;
  return {
    metric: 'claimed_context_tokens',
    value: info.claimed,
    unit: 'tokens',
    status: short ? 'warn' : 'pass',
    detail: short
      ? `trained for ${info.claimed} tokens, below the ${required} Claude Code needs`
      : `trained for ${info.claimed} tokens`,
    ...(short ? { advice: 'Pick a model trained for at least 64K tokens for Claude Code.' } : {}),
    data,
  };
}

export function serverMetric(
  measurement: ServerMeasurement,
  estimate: ServerContextEstimate,
  required: number,
  fix: ContextFix,
): MetricInput {
  const data = {
    source: estimate.source,
    psContextLength: measurement.loadedContext,
    search: {
      largestFit: measurement.search.largestFit,
      smallestLoss: measurement.search.smallestLoss,
      stopped: measurement.search.stopped,
    },
    probes: measurement.probes.map(probeSummary),
  };
  const found = `needle at the start of a Messages prompt: ${bracket(measurement.search)}; served context reported ${measurement.loadedContext ?? 'not reported'}`;
  if (estimate.tokens === null)
    return { metric: 'server_context_tokens', value: null, unit: 'tokens', status: 'error', detail: found, data };
  const short = estimate.tokens < required;
  if (short && measurement.search.stopped)
    return {
      metric: 'server_context_tokens',
      value: estimate.tokens,
      unit: 'tokens',
      status: 'error',
      detail: `${found} (a lower bound)`,
      data,
    };
  const uncalibrated =
    estimate.source === 'ps'
      ? " (model missed the needle even in a short prompt; value the server reports: Ollama's /api/ps, llama-server's /slots)"
      : '';
  return {
    metric: 'server_context_tokens',
    value: estimate.tokens,
    unit: 'tokens',
    status: short || estimate.source === 'ps' ? 'warn' : 'pass',
    detail: found + uncalibrated,
    ...(short ? { advice: fix.text } : {}),
    data,
  };
}

export function promptFitsMetric(
  estimate: ServerContextEstimate,
  stopped: boolean,
  required: number,
  fix: ContextFix,
): MetricInput {
  const data = {
    required,
    serverContext: estimate.tokens,
    fix: {
      serverCommand: fix.serverCommand,
      modelfile: fix.modelfile,
      createCommand: fix.createCommand,
      targetTokens: fix.targetTokens,
    },
  };
  if (estimate.tokens === null || (stopped && estimate.tokens < required)) {
    return {
      metric: 'claude_code_prompt_fits',
      value: null,
      status: 'error',
      detail: 'server context could not be measured',
      data,
    };
  }
  if (estimate.tokens >= required) {
    return {
      metric: 'claude_code_prompt_fits',
      value: 'yes',
      status: 'pass',
      detail: `server context ${estimate.tokens} ≥ ${required} tokens`,
      data,
    };
  }
  if (fix.cappedBy !== null && estimate.tokens >= fix.targetTokens) {
    // The server already gives all the model can use: no setting helps, only another model.
    const limit = fix.cappedBy === 'claimed' ? 'trained context' : 'reliable (effective) context';
    return {
      metric: 'claude_code_prompt_fits',
      value: 'no',
      status: 'fail',
      detail: `server context ${estimate.tokens} < ${required} tokens, and that is already the model's ${limit} (${fix.targetTokens}): no server setting can make room for Claude Code`,
      advice: `Raising the server's context will not help this model. Choose a model with at least ${required} tokens of context (see \`bench recommend\`), or accept that Claude Code will lose history early.`,
      data,
    };
  }
  return {
    metric: 'claude_code_prompt_fits',
    value: 'no',
    status: 'fail',
    detail: `server context ${estimate.tokens} < ${required} tokens: no room for Claude Code's ~13K-token first request plus its working history. Fix: ${fix.serverCommand}${fix.createCommand ? `, or a Modelfile (FROM <model> + PARAMETER num_ctx ${fix.targetTokens}) and ${fix.createCommand}` : ''}`,
    advice: fix.text,
    data,
  };
}

export function effectiveMetric(
  measurement: EffectiveMeasurement,
  depths: readonly number[],
  required: number,
  claimed: number | null,
): MetricInput {
  const { search } = measurement;
  const data = {
    depths,
    search: {
      largestFit: search.largestFit,
      smallestLoss: search.smallestLoss,
      stopped: search.stopped,
      steps: search.steps,
    },
    probes: measurement.probes.map(probeSummary),
  };
  const detail = `native API, needles at depths ${depths.map((d) => `${d * 100}%`).join('/')} with distractors: ${bracket(search)}`;
  if (search.largestFit === null && search.smallestLoss === null)
    return { metric: 'effective_context_tokens', value: null, unit: 'tokens', status: 'error', detail, data };
  const effective = search.largestFit ?? 0;
  const belowClaim = claimed !== null && effective < claimed / 2 ? `; below half the claimed ${claimed}` : '';
  // A ladder that stopped early (timeout, abort) gives only a lower bound: no verdict below the requirement.
  if (search.stopped && effective < required)
    return {
      metric: 'effective_context_tokens',
      value: effective,
      unit: 'tokens',
      status: 'error',
      detail: `${detail} (a lower bound)`,
      data,
    };
  if (effective >= required)
    return {
      metric: 'effective_context_tokens',
      value: effective,
      unit: 'tokens',
      status: 'pass',
      detail: detail + belowClaim,
      data,
    };
  return {
    metric: 'effective_context_tokens',
    value: effective,
    unit: 'tokens',
    status: effective === 0 ? 'fail' : 'warn',
    detail: detail + belowClaim,
    advice:
      effective === 0
        ? 'The model did not retrieve every needle even in the shortest prompt.'
        : `Reliable retrieval only up to ${effective} tokens, below the ${required} Claude Code needs: long sessions will lose files and instructions; prefer a model with a longer effective context.`,
    data,
  };
}

export function overflowMetric(
  behavior: OverflowBehavior | null,
  source: 'messages' | 'native',
  fits: boolean,
  serverContext: number | null,
  fix: ContextFix,
): MetricInput {
  const data = { source };
  if (behavior === null)
    return { metric: 'overflow_behavior', value: null, status: 'skip', detail: 'no probe went over the context', data };
  // The window to announce is the one Claude Code will run in: the current one if it fits, else the fix's.
  const window = fits && serverContext ? serverContext : fix.targetTokens;
  const compact = ` Also tell Claude Code the real window (\`CLAUDE_CODE_MAX_CONTEXT_TOKENS=${window}\`): it assumes 1,000,000 tokens for models it does not know and will not compact in time.`;
  if (behavior === 'truncates_silently') {
    return {
      metric: 'overflow_behavior',
      value: behavior,
      status: 'warn',
      detail:
        'a prompt over the context is cut without any error: the oldest messages, then the head of the last one, are dropped and Claude Code is not told',
      advice: fix.text + compact,
      data,
    };
  }
  return {
    metric: 'overflow_behavior',
    value: behavior,
    status: fits ? 'warn' : 'fail',
    detail:
      "a prompt over the context is refused with HTTP 400 (the prompt exceeds the context): Claude Code's request fails once its prompt outgrows the context",
    advice: fix.text + compact,
    data,
  };
}

export function allocatedMetric(allocation: ContextAllocation, all: readonly ContextAllocation[]): MetricInput {
  const data = { requested: allocation.requested, allocated: allocation.allocated, byNumCtx: all };
  if (allocation.allocated === null)
    return {
      metric: 'allocated_context_tokens',
      value: null,
      unit: 'tokens',
      status: 'warn',
      detail: `asked num_ctx ${allocation.requested}; /api/ps reports no context_length (older Ollama?)`,
      data,
    };
  if (allocation.allocated >= allocation.requested)
    return {
      metric: 'allocated_context_tokens',
      value: allocation.allocated,
      unit: 'tokens',
      status: 'pass',
      detail: `asked num_ctx ${allocation.requested}, got ${allocation.allocated}`,
      data,
    };
  return {
    metric: 'allocated_context_tokens',
    value: allocation.allocated,
    unit: 'tokens',
    status: 'warn',
    detail: `asked num_ctx ${allocation.requested}, the scheduler allocated only ${allocation.allocated} (not enough VRAM for the KV cache)`,
    advice:
      'Free VRAM or shrink the KV cache (`OLLAMA_KV_CACHE_TYPE=q8_0`; flash attention is on by default since the llama-server engine), or use a smaller quantization, so the context you set is really allocated.',
    data,
  };
}

export function modelSecondsMetric(clock: ModelClock): MetricInput {
  // Information, not a verdict: with no request made, nothing was measured.
  if (clock.requests === 0)
    return {
      metric: 'suite_model_seconds',
      value: 0,
      unit: 's',
      status: 'skip',
      detail: 'no model requests were made',
    };
  return {
    metric: 'suite_model_seconds',
    value: Math.round(clock.seconds * 100) / 100,
    unit: 's',
    status: 'pass',
    detail: `${clock.requests} requests (server-reported time on the timed API, wall time on /v1/messages)`,
  };
}

/** A context metric this server cannot give, with the reason (e.g. llama-server fixes its context at start). */
export function unsupportedMetric(metric: string, reason: string): MetricInput {
  return { metric, value: null, unit: metric.endsWith('_tokens') ? 'tokens' : '', status: 'skip', detail: reason };
}
