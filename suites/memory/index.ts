// Memory suite: predicts how many bytes the model needs at the contexts Claude Code cares about,
// the largest context that fits the GPU, then loads it and compares with what /api/ps reports.
import {
  architectureFromShow,
  estimateWeightsBytes,
  gpuMemoryBytes,
  maxContextInVram,
  predictMemory,
  usableVram,
} from '../../src/hardware/fit.js';
import { formatBytes, formatTokens } from '../../src/shared/size.js';
import type { Suite, SuiteContext } from '../../src/run/suite.js';
import { TargetError } from '../../src/targets/errors.js';
import { lacks } from '../../src/servers/types.js';
import { fitAdvice, type FitInputs } from './advice.js';
import { MEMORY_METRICS } from './metric-declarations.js';
import { errorMessage } from '../../src/shared/errors.js';

/** Contexts every model is predicted at: Ollama's small default, its 24 GB default, the guide's 64K. */
export const PREDICTED_CONTEXTS = [4096, 32768, 65536] as const;
/** Claude Code is designed for 64K+; the measured load uses this much (or the trained context). */
export const CLAUDE_CODE_CONTEXT = 65536;
/** Predicted/measured within ±25% counts as a good prediction. */
export const PREDICTION_TOLERANCE = 0.25;

interface ModelFacts {
  fit: Omit<FitInputs, 'vramBytes'> | null;
  /** Why fit is null (metadata or size missing). */
  unknown: string;
  /** The server cannot say (not an error of the model): predictions are skipped. */
  skip?: boolean;
  trainedContext: number | null;
}

async function readModelFacts(ctx: SuiteContext): Promise<ModelFacts> {
  const details = await ctx.server.modelDetails(ctx.model);
  if (!ctx.server.capabilities.modelMetadata)
    return {
      fit: null,
      unknown: lacks(ctx.server.backend, 'modelMetadata'),
      trainedContext: details.trainedContext,
      skip: true,
    };
  if (details.metadataNote)
    return { fit: null, unknown: details.metadataNote, trainedContext: details.trainedContext, skip: true };
  const parsed = architectureFromShow(details.metadata, details.tensors);
  if ('missing' in parsed) {
    const verbose =
      'needsVerbose' in parsed && parsed.needsVerbose
        ? ' (per-layer arrays came back null even with verbose: true)'
        : '';
    return {
      fit: null,
      unknown: `the model metadata lacks ${parsed.missing.join(', ')}${verbose}`,
      trainedContext: null,
    };
  }
  const weightsBytes = details.sizeBytes ?? estimateWeightsBytes(parsed.arch.parameterCount, details.quantization);
  if (!weightsBytes)
    return {
      fit: null,
      unknown: 'size on disk unknown (not in /api/tags, no parameter count and quantization)',
      trainedContext: parsed.arch.contextLength,
    };
  return { fit: { arch: parsed.arch, weightsBytes }, unknown: '', trainedContext: parsed.arch.contextLength };
}

function emitPredictions(ctx: SuiteContext, facts: ModelFacts, vramBytes: number | null): void {
  const claimed = facts.trainedContext;
  const contexts: number[] = [...PREDICTED_CONTEXTS];
  if (claimed && !contexts.includes(claimed)) contexts.push(claimed);
  for (const tokens of contexts) {
    const metric = `predicted_bytes@${tokens}`;
    if (!facts.fit) {
      ctx.emit({ metric, value: null, unit: 'bytes', status: facts.skip ? 'skip' : 'error', detail: facts.unknown });
      continue;
    }
    if (claimed && tokens > claimed) {
      ctx.emit({
        metric,
        value: null,
        unit: 'bytes',
        status: 'skip',
        detail: `beyond the model's trained context of ${formatTokens(claimed)} tokens`,
      });
      continue;
    }
    const options = vramBytes ? { gpuMemoryBytes: vramBytes } : {};
    const p = predictMemory(facts.fit.arch, facts.fit.weightsBytes, tokens, 'f16', options);
    const q8 = predictMemory(facts.fit.arch, facts.fit.weightsBytes, tokens, 'q8_0', options);
    const breakdown = `weights ${formatBytes(p.weightsBytes)} + KV cache ${formatBytes(p.kvCacheBytes)} (f16) + overhead ${formatBytes(p.overheadBytes)}`;
    const data = {
      ...p,
      q8_0_total_bytes: q8.totalBytes,
      q4_0_total_bytes: predictMemory(facts.fit.arch, facts.fit.weightsBytes, tokens, 'q4_0', options).totalBytes,
    };
    const budget = vramBytes ? usableVram(vramBytes) : null;
    // Only the contexts Claude Code would run at are judged; the trained maximum is information.
    const judged = tokens <= CLAUDE_CODE_CONTEXT && budget !== null;
    if (judged && p.totalBytes > budget) {
      ctx.emit({
        metric,
        value: p.totalBytes,
        unit: 'bytes',
        status: 'warn',
        detail: `${breakdown}: more than the ${formatBytes(budget)} usable of ${formatBytes(vramBytes!)} VRAM`,
        advice: fitAdvice({ ...facts.fit, vramBytes: vramBytes! }, tokens, ctx.server.advice),
        data,
      });
    } else {
      ctx.emit({ metric, value: p.totalBytes, unit: 'bytes', status: 'pass', detail: breakdown, data });
    }
  }
}

function emitMaxContext(ctx: SuiteContext, facts: ModelFacts, vramBytes: number | null): void {
  const metric = 'max_context_in_vram';
  if (!ctx.environment.hardware) {
    ctx.emit({
      metric,
      value: null,
      unit: 'tokens',
      status: 'skip',
      detail: 'hardware was not detected for this run',
      advice: 'see `bench doctor`, or `bench recommend --vram <size>` for a given GPU',
    });
    return;
  }
  if (vramBytes === null) {
    ctx.emit({
      metric,
      value: null,
      unit: 'tokens',
      status: 'skip',
      detail: 'no GPU with known VRAM: the model runs on the CPU',
      advice:
        'CPU-only works but is slow; a GPU with 16–24 GB VRAM (or Apple Silicon with 32 GB+) is recommended. `bench recommend --vram 24G` shows what a GPU would fit',
    });
    return;
  }
  if (!facts.fit) {
    ctx.emit({ metric, value: null, unit: 'tokens', status: facts.skip ? 'skip' : 'error', detail: facts.unknown });
    return;
  }
  const fit = { ...facts.fit, vramBytes };
  const tokens = maxContextInVram(fit.arch, fit.weightsBytes, vramBytes, 'f16');
  const data = {
    vram_bytes: vramBytes,
    usable_bytes: usableVram(vramBytes),
    q8_0: maxContextInVram(fit.arch, fit.weightsBytes, vramBytes, 'q8_0'),
    q4_0: maxContextInVram(fit.arch, fit.weightsBytes, vramBytes, 'q4_0'),
  };
  const wanted = Math.min(CLAUDE_CODE_CONTEXT, facts.trainedContext ?? CLAUDE_CODE_CONTEXT);
  const where = `with an f16 cache in ${formatBytes(vramBytes)} of VRAM (${formatBytes(data.usable_bytes)} usable); q8_0: ${formatTokens(data.q8_0)}`;
  if (tokens === 0) {
    ctx.emit({
      metric,
      value: 0,
      unit: 'tokens',
      status: 'fail',
      detail: `the weights do not fit ${where}`,
      advice: fitAdvice(fit, wanted, ctx.server.advice),
      data,
    });
  } else if (tokens < wanted) {
    ctx.emit({
      metric,
      value: tokens,
      unit: 'tokens',
      status: 'warn',
      detail: `${formatTokens(tokens)} tokens fit ${where}; Claude Code wants ${formatTokens(CLAUDE_CODE_CONTEXT)}+`,
      advice: fitAdvice(fit, wanted, ctx.server.advice),
      data,
    });
  } else if (tokens < CLAUDE_CODE_CONTEXT) {
    // VRAM is not the limit here: the model was trained for less than Claude Code needs.
    ctx.emit({
      metric,
      value: tokens,
      unit: 'tokens',
      status: 'warn',
      detail: `limited by the model's trained context of ${formatTokens(tokens)} tokens, not by VRAM; Claude Code wants ${formatTokens(CLAUDE_CODE_CONTEXT)}+`,
      advice: 'choose a model trained for 64K+ tokens (see `bench recommend`)',
      data,
    });
  } else {
    ctx.emit({
      metric,
      value: tokens,
      unit: 'tokens',
      status: 'pass',
      detail: `${formatTokens(tokens)} tokens fit ${where}`,
      data,
    });
  }
}

/** This model's decode rate, measured earlier in the run (declared in `reads`). */
function earlierDecodeTps(ctx: SuiteContext): number | null {
  const value = ctx.measured('decodeRate')?.value;
  return typeof value === 'number' ? value : null;
}

async function emitMeasuredFit(ctx: SuiteContext, facts: ModelFacts, vramBytes: number | null): Promise<void> {
  const numCtx = Math.min(CLAUDE_CODE_CONTEXT, facts.trainedContext ?? CLAUDE_CODE_CONTEXT);
  const skipRest = (detail: string) => {
    for (const metric of ['vram_bytes', 'ram_bytes'] as const)
      ctx.emit({ metric, value: null, unit: 'bytes', status: 'skip', detail });
    ctx.emit({ metric: 'prediction_error', value: null, unit: 'ratio', status: 'skip', detail });
  };
  if (!ctx.server.capabilities.memoryInUse || !ctx.server.capabilities.loadUnload) {
    const reason = lacks(ctx.server.backend, ctx.server.capabilities.memoryInUse ? 'loadUnload' : 'memoryInUse');
    ctx.emit({
      metric: 'gpu_offload_fraction',
      value: null,
      unit: 'fraction',
      status: 'skip',
      detail: `not measured: ${reason}`,
    });
    skipRest(`not measured: ${reason}`);
    return;
  }
  ctx.progress(`memory: the model at num_ctx ${numCtx}`);
  let entry: Awaited<ReturnType<typeof ctx.server.memoryInUse>>;
  try {
    // Loaded only when the run has no /api/ps reading at this context yet (the context suite's
    // allocation check, or the server default being this context, gives one).
    entry = (await ctx.loads.at(numCtx)).memory;
  } catch (error) {
    const message = errorMessage(error);
    // The server refusing to load (e.g. out of memory) is a verdict; the server being unreachable,
    // busy or slow is not: then the fit could not be measured.
    const unmeasured = error instanceof TargetError && (error.kind !== 'http' || error.status === 503);
    ctx.emit({
      metric: 'gpu_offload_fraction',
      value: null,
      unit: 'fraction',
      status: unmeasured ? 'error' : 'fail',
      detail: `could not load at num_ctx ${numCtx}: ${message}`,
      advice:
        facts.fit && vramBytes
          ? fitAdvice({ ...facts.fit, vramBytes }, numCtx, ctx.server.advice)
          : `check the ${ctx.server.advice.serverName} log; try a smaller context or a smaller quantization`,
    });
    skipRest('the model did not load');
    return;
  }
  if (!entry) {
    ctx.emit({
      metric: 'gpu_offload_fraction',
      value: null,
      unit: 'fraction',
      status: 'error',
      detail: 'loaded, but /api/ps does not list it with a size',
    });
    skipRest('not listed in /api/ps');
    return;
  }
  const loadedCtx = entry.contextTokens ?? numCtx;
  const shortNote =
    loadedCtx < numCtx
      ? `; ${ctx.server.advice.serverName} allocated only ${formatTokens(loadedCtx)} of the ${formatTokens(numCtx)} tokens asked`
      : '';
  const vram = entry.vramBytes;
  const ram = Math.max(0, entry.totalBytes - vram);
  const fraction = vram / entry.totalBytes;
  const data = { num_ctx: loadedCtx, requested_num_ctx: numCtx, size: entry.totalBytes, size_vram: vram };
  ctx.emit({
    metric: 'vram_bytes',
    value: vram,
    unit: 'bytes',
    status: 'pass',
    detail: `${formatBytes(vram)} on the GPU at ${formatTokens(loadedCtx)} tokens${shortNote}`,
    data,
  });
  ctx.emit({
    metric: 'ram_bytes',
    value: ram,
    unit: 'bytes',
    status: ram > 0 ? 'warn' : 'pass',
    detail: `${formatBytes(ram)} in system RAM`,
    data,
  });
  emitOffload(ctx, facts, vramBytes, fraction, data);
  emitPredictionError(ctx, facts, loadedCtx, entry.totalBytes, vramBytes, fraction < 1);
}

function emitOffload(
  ctx: SuiteContext,
  facts: ModelFacts,
  vramBytes: number | null,
  fraction: number,
  data: Record<string, number>,
): void {
  const metric = 'gpu_offload_fraction';
  const percent = `${Math.round(fraction * 100)}%`;
  if (fraction >= 1) {
    ctx.emit({ metric, value: 1, unit: 'fraction', status: 'pass', detail: 'the whole model is on the GPU', data });
    return;
  }
  const tps = earlierDecodeTps(ctx);
  const cost =
    tps !== null
      ? `decode measured at ${tps.toFixed(1)} tokens/s in this state (throughput suite); layers on the CPU typically cut decode several-fold`
      : 'layers on the CPU typically cut decode several-fold (run the throughput suite to measure it)';
  const where =
    vramBytes === null
      ? 'no GPU: the model runs on the CPU'
      : `only ${percent} of the model is on the GPU, the rest runs on the CPU`;
  const advice =
    facts.fit && vramBytes !== null
      ? fitAdvice({ ...facts.fit, vramBytes }, data.num_ctx, ctx.server.advice)
      : 'a GPU with 16–24 GB VRAM (or Apple Silicon with 32 GB+) is recommended; with CPU only, prefer small or MoE models (few active parameters)';
  ctx.emit({
    metric,
    value: fraction,
    unit: 'fraction',
    status: 'warn',
    detail: `${where}; ${cost}`,
    advice,
    data: { ...data, decode_tps: tps },
  });
}

function emitPredictionError(
  ctx: SuiteContext,
  facts: ModelFacts,
  loadedCtx: number,
  measuredBytes: number,
  vramBytes: number | null,
  partial: boolean,
): void {
  const metric = 'prediction_error';
  if (!facts.fit) {
    ctx.emit({ metric, value: null, unit: 'ratio', status: 'skip', detail: `no prediction: ${facts.unknown}` });
    return;
  }
  // Like with like: /api/ps counts llama-server's buffers only (no runtime overhead), and weights
  // kept in CPU memory only when part of the model runs there.
  const prediction = predictMemory(
    facts.fit.arch,
    facts.fit.weightsBytes,
    loadedCtx,
    'f16',
    vramBytes ? { gpuMemoryBytes: vramBytes } : {},
  );
  const predicted = prediction.psComparableBytes + (partial ? (facts.fit.arch.cpuWeightsBytes ?? 0) : 0);
  const ratio = predicted / measuredBytes;
  const detail = `predicted ${formatBytes(predicted)} vs ${formatBytes(measuredBytes)} reported by /api/ps at ${formatTokens(loadedCtx)} tokens (ratio ${ratio.toFixed(2)})`;
  const data = { predicted_bytes: predicted, measured_bytes: measuredBytes, num_ctx: loadedCtx };
  if (Math.abs(ratio - 1) <= PREDICTION_TOLERANCE)
    ctx.emit({ metric, value: ratio, unit: 'ratio', status: 'pass', detail, data });
  else {
    const likely =
      ratio > 1
        ? 'the server may run a quantized KV cache (OLLAMA_KV_CACHE_TYPE) or a latent (MLA) cache'
        : 'the server may have allocated extra graph memory (flash attention off?) or a bigger batch';
    ctx.emit({
      metric,
      value: ratio,
      unit: 'ratio',
      status: 'warn',
      detail: `${detail}: ${likely}`,
      advice: 'trust the measured numbers for this model; `bench recommend` uses them when present',
      data,
    });
  }
}

export const memorySuite: Suite = {
  id: 'memory',
  title: 'Memory fit',
  description:
    'Predicts memory at 4K/32K/64K/trained context and the largest context that fits the GPU, then loads the model and checks what really sits in VRAM and RAM.',
  defaultOn: true,
  metrics: MEMORY_METRICS,
  reads: ['decodeRate'],
  async run(suiteCtx) {
    // Each verdict here rests on one answer (the model's metadata, or one load and what /api/ps says
    // then): answered 1 of 1, for the coverage rule.
    const ctx: SuiteContext = {
      ...suiteCtx,
      emit: (metric) =>
        suiteCtx.emit(
          metric.status === 'skip' || metric.status === 'error'
            ? metric
            : { ...metric, coverage: { answered: 1, asked: 1 } },
        ),
    };
    const vramBytes = gpuMemoryBytes(ctx.environment.hardware);
    let facts: ModelFacts;
    try {
      facts = await readModelFacts(ctx);
    } catch (error) {
      facts = { fit: null, unknown: errorMessage(error), trainedContext: null };
    }
    emitPredictions(ctx, facts, vramBytes);
    emitMaxContext(ctx, facts, vramBytes);
    try {
      await emitMeasuredFit(ctx, facts, vramBytes);
    } catch (error) {
      ctx.emit({
        metric: 'gpu_offload_fraction',
        value: null,
        unit: 'fraction',
        status: 'error',
        detail: errorMessage(error),
      });
    }
  },
};
