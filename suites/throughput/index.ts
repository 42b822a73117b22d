// Throughput: model load, prefill and decode rates from the server's own timings (native API), and
// time to first token through the Messages API with a prompt the size of Claude Code's.
import type { SuiteContext, Suite } from '../../src/run/suite.js';
import { median, repeat, repetitionsOf, round, type SampleStats } from '../../src/shared/stats.js';
import { contextExceededNumbers, isContextExceededError, TargetError } from '../../src/targets/errors.js';
import { lacks, type Capability } from '../../src/servers/types.js';
import type { MetricInput } from '../../src/types.js';
import { CLAUDE_CODE_FIRST_REQUEST_TOKENS, longSystemPrompt } from '../shared/claude-code-prompt.js';
import { ALL_TOOLS } from '../shared/claude-code-tools.js';
import { fillerText } from '../shared/filler.js';
import {
  DECODE_TPS,
  PREFILL_TPS,
  TTFT_MS,
  atLeast,
  atMost,
  decodeTokensFor,
  looksTruncated,
  tokensPerSecond,
} from './score.js';
import { THROUGHPUT_METRICS } from './metric-declarations.js';
import { errorMessage } from '../../src/shared/errors.js';

/** One num_ctx for every native probe, so the model loads once for them. */
const NATIVE_NUM_CTX = 8192;
const PREFILL_PROMPT_CHARS = 4096 * 4;
/** Decode probes: a short warm-up measures the rate, then each repetition asks for ~4 s of tokens. */
const DECODE_WARMUP_TOKENS = 16;

function statsData(stats: SampleStats, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const round2 = (v: number) => round(v, 2);
  return {
    median: round2(stats.median),
    p95: round2(stats.p95),
    min: round2(stats.min),
    max: round2(stats.max),
    sd: round2(stats.sd),
    mad: round2(stats.mad),
    reps: stats.samples.length,
    samples: stats.samples.map(round2),
    ...extra,
  };
}

/**
 * Runs one measurement; a failure becomes an `error` record for that metric, and the suite goes on.
 * `asked` is how many requests the metric needs (its repetitions), for the coverage rule.
 */
async function measure(
  ctx: SuiteContext,
  metric: string,
  unit: string,
  asked: number,
  body: () => Promise<MetricInput>,
): Promise<void> {
  ctx.progress(`throughput: ${metric}`);
  try {
    const measured = await body();
    ctx.emit(
      measured.status === 'skip' || measured.coverage
        ? measured
        : { ...measured, coverage: { answered: asked, asked } },
    );
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    const reason = errorMessage(error);
    const done = repetitionsOf(error);
    ctx.emit({
      metric,
      value: null,
      unit,
      status: 'error',
      detail: reason,
      advice:
        error instanceof TargetError && error.kind === 'timeout'
          ? 'Raise --timeout, or pick a smaller model/quantization.'
          : undefined,
      coverage: { answered: done?.completed ?? 0, asked: done?.planned ?? asked },
    });
  }
}

/** A skip record naming what this server lacks, when it lacks `capability`. */
function lacking(ctx: SuiteContext, metric: string, unit: string, capability: Capability): MetricInput | null {
  if (ctx.server.capabilities[capability]) return null;
  return { metric, value: null, unit, status: 'skip', detail: lacks(ctx.server.backend, capability) };
}

async function loadMs(ctx: SuiteContext): Promise<MetricInput> {
  const skip = lacking(ctx, 'load_ms', 'ms', 'loadUnload');
  if (skip) return skip;
  await ctx.server.unload(ctx.model);
  const loaded = await ctx.server.load(ctx.model, NATIVE_NUM_CTX);
  const how =
    loaded.source === 'server'
      ? "the server's load_duration"
      : 'wall time of the load request (the server reported no load duration)';
  // Information, not a verdict: a load happens once per session.
  return {
    metric: 'load_ms',
    value: Math.round(loaded.loadMs),
    unit: 'ms',
    status: 'pass',
    detail: `cold load at num_ctx ${NATIVE_NUM_CTX}, ${how}`,
    data: { source: loaded.source },
  };
}

async function prefillTps(ctx: SuiteContext): Promise<MetricInput> {
  const skip = lacking(ctx, 'prefill_tps', 'tokens/s', 'timings');
  if (skip) return skip;
  const counts: number[] = [];
  let rep = 0;
  const promptChars = await prefillPromptChars(ctx);
  const stats = await repeat(
    'prefill_tps',
    ctx.options.reps,
    async () => {
      // A fresh prompt per repetition (and the cache off where the server has the switch): a reused
      // cached prefix would fake the rate.
      const prompt = `Note ${++rep}: ${fillerText(1000 + rep, promptChars)}\n\nReply with one word: ok.`;
      const reply = await ctx.server.generate({
        model: ctx.model,
        prompt,
        maxTokens: 1,
        contextTokens: NATIVE_NUM_CTX,
        cachePrompt: false,
      });
      counts.push(reply.processedTokens);
      return tokensPerSecond(reply.processedTokens, reply.promptMs * 1e6);
    },
    ctx.signal,
  );
  const status = atLeast(stats.median, PREFILL_TPS);
  return {
    metric: 'prefill_tps',
    value: round(stats.median, 1),
    unit: 'tokens/s',
    status,
    detail: `median of ${stats.samples.length} at ~${median(counts)} prompt tokens`,
    advice:
      status === 'pass'
        ? undefined
        : `Claude Code sends ~${CLAUDE_CODE_FIRST_REQUEST_TOKENS} prompt tokens per turn: at ${round(stats.median, 1)} tokens/s that is ${Math.round(CLAUDE_CODE_FIRST_REQUEST_TOKENS / stats.median)} s before each answer starts. Make sure the model is fully on the GPU (memory suite) or choose a smaller model.`,
    data: statsData(stats, { promptTokens: counts }),
  };
}

/**
 * ~4K tokens of prompt; on a server whose context is fixed at start (llama-server `-c`), small
 * enough to fit it with room for the chat template and the answer.
 */
async function prefillPromptChars(ctx: SuiteContext): Promise<number> {
  if (ctx.server.capabilities.perRequestContext) return PREFILL_PROMPT_CHARS;
  const served = await ctx.server.loadedContext(ctx.model).catch(() => null);
  if (!served) return PREFILL_PROMPT_CHARS;
  return Math.max(256 * 4, Math.min(PREFILL_PROMPT_CHARS, Math.floor((served - 512) * 4 * 0.8)));
}

async function decodeOnce(ctx: SuiteContext, start: number, tokens: number) {
  const prompt = `Count from ${start} to 1000, one number per line, and nothing else.`;
  return ctx.server.generate({
    model: ctx.model,
    prompt,
    maxTokens: tokens,
    contextTokens: NATIVE_NUM_CTX,
    ignoreEos: true,
  });
}

async function decodeTps(ctx: SuiteContext): Promise<MetricInput> {
  const skip = lacking(ctx, 'decode_tps', 'tokens/s', 'timings');
  if (skip) return skip;
  // Sized by the warm-up so a fast GPU decodes 128 tokens and a CPU-bound model is not waited on for minutes.
  const warmup = await decodeOnce(ctx, 0, DECODE_WARMUP_TOKENS);
  const tokens = decodeTokensFor(tokensPerSecond(warmup.decodeTokens, warmup.decodeMs * 1e6));
  const counts: number[] = [];
  let rep = 0;
  const stats = await repeat(
    'decode_tps',
    ctx.options.reps,
    async () => {
      const reply = await decodeOnce(ctx, ++rep, tokens);
      counts.push(reply.decodeTokens);
      return tokensPerSecond(reply.decodeTokens, reply.decodeMs * 1e6);
    },
    ctx.signal,
  );
  const shortest = Math.min(...counts);
  // One token is all prefill: its time says nothing about decoding.
  if (shortest < 2)
    throw new TargetError(
      'protocol',
      `the model stopped after ${shortest} token(s) in a repetition, so there is no decode rate to measure`,
    );
  let status = atLeast(stats.median, DECODE_TPS);
  const notes: string[] = [];
  if (shortest < tokens / 4 && status === 'pass') {
    status = 'warn';
    notes.push(`the model stopped after ${shortest} tokens, so the rate is noisy`);
  }
  return {
    metric: 'decode_tps',
    value: round(stats.median, 1),
    unit: 'tokens/s',
    status,
    detail: [`median of ${stats.samples.length}, ${tokens} tokens asked per repetition`, ...notes].join('; '),
    advice:
      status === 'pass'
        ? undefined
        : 'Below ~20 tokens/s Claude Code feels stuck on multi-step tasks. Check the memory suite for CPU spill; try a smaller quantization (q4_K_M) or a smaller model.',
    data: statsData(stats, { evalTokens: counts, tokensAsked: tokens }),
  };
}

/** A server that refuses Claude Code's first request (over its context) gives Claude Code no first token at all. */
function refusedTtft(ctx: SuiteContext, error: unknown): MetricInput {
  const numbers = contextExceededNumbers(error);
  const sizes = numbers
    ? `${numbers.promptTokens} tokens over a context of ${numbers.contextTokens}`
    : `~${CLAUDE_CODE_FIRST_REQUEST_TOKENS} tokens over its context`;
  return {
    metric: 'ttft_ms',
    value: null,
    unit: 'ms',
    status: 'fail',
    detail: `the server refused a Claude-Code-sized first request (${sizes}): Claude Code would get HTTP 400 on its first turn`,
    advice: `Give the model more context: ${ctx.server.advice.raiseContext(ctx.model, 65_536)}.`,
    data: { error: errorMessage(error) },
    // The refusal is the server's answer: it is the measurement.
    coverage: { answered: 1, asked: 1 },
  };
}

async function ttftMs(ctx: SuiteContext): Promise<MetricInput> {
  try {
    return await measureTtft(ctx);
  } catch (error) {
    if (isContextExceededError(error)) return refusedTtft(ctx, error);
    throw error;
  }
}

async function measureTtft(ctx: SuiteContext): Promise<MetricInput> {
  const inputTokens: (number | null)[] = [];
  // The native probes loaded the model at their num_ctx; this request reloads it at the server
  // default, so the repetitions below measure time to first token, not a model load.
  await ctx.messages.stream({
    model: ctx.model,
    max_tokens: 1,
    messages: [{ role: 'user', content: 'Reply with one word: ok.' }],
  });
  // The context the Messages endpoint runs at (metadata only): the run then knows what the server
  // default is, so the suites after this one load nothing twice.
  const servedContext = ctx.server.capabilities.loadedContext
    ? await ctx.server.loadedContext(ctx.model).catch(() => null)
    : null;
  let rep = 0;
  const stats = await repeat(
    'ttft_ms',
    ctx.options.reps,
    async () => {
      // A fresh first line per repetition, so Ollama's prompt cache cannot shorten the prefill.
      const system = `Session ${Date.now()}-${++rep}.\n${SYSTEM_PROMPT}`;
      const reply = await ctx.messages.stream({
        // One token is enough: the measurement ends at the first delta.
        model: ctx.model,
        max_tokens: 1,
        system,
        tools: [...ALL_TOOLS],
        messages: [{ role: 'user', content: 'Reply with the single word: ready.' }],
      });
      inputTokens.push(reply.inputTokens);
      if (!reply.complete)
        throw new TargetError(
          'protocol',
          `POST /v1/messages (stream) ${ctx.model}: the stream ended without message_stop (the server cut it short)`,
        );
      if (reply.ttftMs === null) throw new TargetError('protocol', 'the stream carried no content delta');
      return reply.ttftMs;
    },
    ctx.signal,
  );
  const seen = inputTokens.find((n) => n !== null) ?? null;
  const truncated = looksTruncated(seen, CLAUDE_CODE_FIRST_REQUEST_TOKENS);
  let status = atMost(stats.median, TTFT_MS);
  if (truncated && status === 'pass') status = 'warn';
  return {
    metric: 'ttft_ms',
    value: Math.round(stats.median),
    unit: 'ms',
    status,
    detail: truncated
      ? `server counted only ${seen} of ~${CLAUDE_CODE_FIRST_REQUEST_TOKENS} prompt tokens: it cut the prompt to its context, so this is the time for the cut prompt`
      : `streamed /v1/messages, ~${seen ?? '?'} prompt tokens, median of ${stats.samples.length}`,
    advice: truncated
      ? `The Messages endpoint runs at the server's context and drops what does not fit: ${ctx.server.advice.raiseContext(ctx.model, 65_536)} (the context suite measures what is needed).`
      : status === 'pass'
        ? undefined
        : 'Each Claude Code turn starts with this wait. Keep the model fully on the GPU, or use a smaller one.',
    data: statsData(stats, { inputTokens, servedContext }),
  };
}

/** Claude Code's first request, in size and shape: its system prompt and a dozen tools. */
const SYSTEM_PROMPT = longSystemPrompt(ALL_TOOLS);

export const throughputSuite: Suite = {
  id: 'throughput',
  title: 'Throughput',
  description:
    'Load time, prefill and decode tokens/s (native API timings) and time to first token for a Claude-Code-sized prompt (Messages API).',
  defaultOn: true,
  metrics: THROUGHPUT_METRICS,
  async run(ctx) {
    // Native probes share one num_ctx (one load); the Messages probe then reloads at the server default.
    await measure(ctx, 'load_ms', 'ms', 1, () => loadMs(ctx));
    await measure(ctx, 'prefill_tps', 'tokens/s', ctx.options.reps, () => prefillTps(ctx));
    await measure(ctx, 'decode_tps', 'tokens/s', ctx.options.reps, () => decodeTps(ctx));
    await measure(ctx, 'ttft_ms', 'ms', ctx.options.reps, () => ttftMs(ctx));
  },
};
