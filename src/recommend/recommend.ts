// `bench recommend`: ranks models for a memory budget and a required context. Pure: hardware
// numbers, earlier measurements and the catalog in, ranked recommendations out.
import { CATALOG, findCatalogModel, type CatalogModel } from '../hardware/catalog.js';
import { maxContextInVram, predictMemory, usableVram, type KvCacheType } from '../hardware/fit.js';
import type { MeasuredModel } from './measured.js';
import { metricName, suitesFlag } from '../report/metrics.js';
import { formatBytes, formatTokens } from '../shared/size.js';
import { planLaunch, renderDockerRunLine } from '../launch/plan.js';
import { DEFAULT_CLAUDE_CODE_VERSION, imageTag } from '../agent/image.js';

/** Claude Code's first request is ~12–14K tokens; less context than this cannot even start. */
export const MIN_USEFUL_CONTEXT = 16384;
/** Share of system RAM a partly-offloaded model may take (the OS and Docker need the rest). */
export const RAM_SHARE_FOR_MODELS = 0.75;
/** Active parameters below which a model stays usable on the CPU (MoE models like qwen3-coder, gpt-oss). */
const MOE_FAST_ACTIVE = 5e9;

export type FitVerdict = 'fits' | 'fits-with-q8-cache' | 'short-context' | 'spills-to-ram' | 'unknown-fit' | 'too-big';
const VERDICT_ORDER: readonly FitVerdict[] = [
  'fits',
  'fits-with-q8-cache',
  'short-context',
  'spills-to-ram',
  'unknown-fit',
  'too-big',
];

export interface RecommendInputs {
  /** GPU memory the model may use (Apple: the GPU's share of unified memory); null or 0 = no GPU. */
  vramBytes: number | null;
  ramBytes: number;
  /** Apple Silicon: VRAM is a share of RAM, so a spilling model cannot use both. */
  unifiedMemory?: boolean;
  contextTokens: number;
  measured: readonly MeasuredModel[];
  catalog?: readonly CatalogModel[];
}

export interface Recommendation {
  model: string;
  verdict: FitVerdict;
  /** Context to configure (OLLAMA_CONTEXT_LENGTH) and the cache type it assumes. */
  contextTokens: number;
  cacheType: KvCacheType;
  /** Largest context in VRAM with f16 / q8_0 cache (null without catalog numbers or GPU). */
  maxContextF16: number | null;
  maxContextQ8: number | null;
  predictedBytes: number | null;
  toolUseScore: number | null;
  decodeTps: number | null;
  why: string;
  /** Where the speed figure comes from. */
  speed: string;
  /** Commands to start Ollama and Claude Code (the guide's docker run); null for too-big models. */
  commands: { ollama: string; claude: string } | null;
}

/**
 * OLLAMA_* settings that go with a context and cache type. OLLAMA_KV_CACHE_TYPE goes straight to
 * llama-server's --cache-type-k/-v and flash attention defaults to `auto` (Ollama
 * llm/llama_server.go), which llama.cpp switches on for a quantized cache: no
 * OLLAMA_FLASH_ATTENTION=1 needed (only OLLAMA_FLASH_ATTENTION=0 would make a q8_0 cache fail).
 * OLLAMA_CONTEXT_LENGTH is an explicit context: Ollama caps it at the trained context only and
 * never lowers it when it does not fit (llama.cpp then keeps layers on the CPU).
 */
export function serverEnv(contextTokens: number, cacheType: KvCacheType): string {
  const cache = cacheType === 'f16' ? '' : ` OLLAMA_KV_CACHE_TYPE=${cacheType}`;
  return `OLLAMA_CONTEXT_LENGTH=${contextTokens}${cache}`;
}

/**
 * Claude Code's `docker run` (the image `bench launch` builds) for a server running `model` at
 * `contextTokens`: the same plan as `bench launch` and the run's answer, so Claude Code's window is
 * never larger than the context the server is told to serve.
 */
export function claudeDockerCommand(model: string, contextTokens: number): string {
  const measurements = {
    serverContextTokens: contextTokens,
    effectiveContextTokens: null,
    claimedContextTokens: null,
    runId: null,
  };
  return renderDockerRunLine(
    planLaunch({
      model,
      measurements,
      requiredTokens: contextTokens,
      image: imageTag(DEFAULT_CLAUDE_CODE_VERSION),
      networkMode: 'host',
    }),
  );
}

function commandsFor(model: string, contextTokens: number, cacheType: KvCacheType): Recommendation['commands'] {
  return {
    ollama: `${serverEnv(contextTokens, cacheType)} ollama serve`,
    claude: claudeDockerCommand(model, contextTokens),
  };
}

/** The tool-use score as a 0–1 fraction whatever scale it was written in; unmeasured counts as middling. */
function qualityOf(score: number | null): number {
  if (score === null) return 0.5;
  return score > 1 ? score / 100 : score;
}

function speedText(model: string, measured: MeasuredModel | undefined): string {
  return measured?.decodeTps != null
    ? `${measured.decodeTps.toFixed(1)} tokens/s measured (run ${measured.runId})`
    : `tokens/s unknown: measure with \`bench run --models ${model}\``;
}

function measuredNotes(measured: MeasuredModel | undefined, contextTokens: number): string[] {
  const notes: string[] = [];
  if (measured?.toolUseScore != null)
    notes.push(`${metricName('toolUse')} ${measured.toolUseScore} (run ${measured.runId})`);
  if (measured?.effectiveContextTokens != null && measured.effectiveContextTokens < contextTokens) {
    notes.push(`but it measured only ${formatTokens(measured.effectiveContextTokens)} tokens of usable context`);
  }
  if (measured?.vramBytes != null)
    notes.push(
      `measured ${formatBytes(measured.vramBytes)} in VRAM${measured.ramBytes ? ` + ${formatBytes(measured.ramBytes)} in RAM` : ''}`,
    );
  return notes;
}

function fromCatalog(
  entry: CatalogModel,
  inputs: RecommendInputs,
  measured: MeasuredModel | undefined,
): Recommendation {
  const required = inputs.contextTokens;
  const vram = inputs.vramBytes ?? 0;
  const trained = entry.arch.contextLength ?? Infinity;
  const maxF16 = vram > 0 ? maxContextInVram(entry.arch, entry.sizeBytes, vram, 'f16') : null;
  const maxQ8 = vram > 0 ? maxContextInVram(entry.arch, entry.sizeBytes, vram, 'q8_0') : null;
  // The batch Ollama would pick on this GPU (it shrinks when its estimate leaves no headroom).
  const predict = { gpuMemoryBytes: vram > 0 ? vram : null };
  const atRequired = (cacheType: KvCacheType) =>
    predictMemory(entry.arch, entry.sizeBytes, Math.min(required, trained), cacheType, predict).totalBytes;
  const budget = vram > 0 ? usableVram(vram) : 0;
  const base = {
    model: entry.name,
    maxContextF16: maxF16,
    maxContextQ8: maxQ8,
    toolUseScore: measured?.toolUseScore ?? null,
    decodeTps: measured?.decodeTps ?? null,
    speed: speedText(entry.name, measured),
  };
  const extra = measuredNotes(measured, required);
  const join = (...parts: string[]) => [...parts, ...extra].filter(Boolean).join('; ');

  if (trained >= required && maxF16 !== null && maxF16 >= required) {
    const bytes = atRequired('f16');
    return {
      ...base,
      verdict: 'fits',
      contextTokens: required,
      cacheType: 'f16',
      predictedBytes: bytes,
      commands: commandsFor(entry.name, required, 'f16'),
      why: join(
        `fits ${formatTokens(required)} tokens in VRAM with an f16 cache (${formatBytes(bytes)} of ${formatBytes(vram)}; up to ${formatTokens(maxF16)})`,
        entry.note,
      ),
    };
  }
  if (trained >= required && maxQ8 !== null && maxQ8 >= required) {
    const bytes = atRequired('q8_0');
    return {
      ...base,
      verdict: 'fits-with-q8-cache',
      contextTokens: required,
      cacheType: 'q8_0',
      predictedBytes: bytes,
      commands: commandsFor(entry.name, required, 'q8_0'),
      why: join(
        `fits ${formatTokens(required)} tokens only with a q8_0 cache (${formatBytes(bytes)} of ${formatBytes(vram)}; f16 would fit ${formatTokens(maxF16 ?? 0)})`,
        entry.note,
      ),
    };
  }
  const bestInVram = Math.max(maxF16 ?? 0, maxQ8 ?? 0);
  if (bestInVram >= MIN_USEFUL_CONTEXT) {
    const cacheType: KvCacheType = (maxF16 ?? 0) >= bestInVram ? 'f16' : 'q8_0';
    const limit =
      bestInVram >= trained
        ? `it was trained for ${formatTokens(trained)} tokens only`
        : `only ${formatTokens(bestInVram)} tokens fit in ${formatBytes(vram)} (${cacheType} cache)`;
    return {
      ...base,
      verdict: 'short-context',
      contextTokens: bestInVram,
      cacheType,
      predictedBytes: predictMemory(entry.arch, entry.sizeBytes, bestInVram, cacheType, predict).totalBytes,
      commands: commandsFor(entry.name, bestInVram, cacheType),
      why: join(
        `short of ${formatTokens(required)}: ${limit}; Claude Code will compact or lose history sooner`,
        entry.note,
      ),
    };
  }
  const context = Math.min(required, trained);
  const bytes = atRequired('q8_0');
  const ramShare = inputs.ramBytes * RAM_SHARE_FOR_MODELS;
  if (bytes <= (inputs.unifiedMemory ? Math.max(budget, ramShare) : budget + ramShare)) {
    // An explicit OLLAMA_CONTEXT_LENGTH is never lowered by Ollama (only its automatic context is,
    // after an out-of-memory load): llama.cpp keeps the layers that do not fit on the CPU.
    const where =
      vram > 0
        ? `needs ${formatBytes(bytes)} at ${formatTokens(context)} tokens, more than ${formatBytes(budget)} of usable VRAM: Ollama keeps this explicit context and runs the layers that do not fit on the CPU`
        : `no GPU: runs on the CPU from RAM (${formatBytes(bytes)} at ${formatTokens(context)} tokens)`;
    return {
      ...base,
      verdict: 'spills-to-ram',
      contextTokens: context,
      cacheType: 'q8_0',
      predictedBytes: bytes,
      commands: commandsFor(entry.name, context, 'q8_0'),
      why: join(
        `${where}, expect it to be several times slower; ${entry.activeParameters < MOE_FAST_ACTIVE ? 'few active parameters per token keep it usable' : 'every parameter is read for each token'}`,
        entry.note,
      ),
    };
  }
  return {
    ...base,
    verdict: 'too-big',
    contextTokens: context,
    cacheType: 'q8_0',
    predictedBytes: bytes,
    commands: null,
    why: join(
      `needs ${formatBytes(bytes)} at ${formatTokens(context)} tokens: more than VRAM and ${Math.round(RAM_SHARE_FOR_MODELS * 100)}% of RAM together`,
      entry.note,
    ),
  };
}

/** A model measured earlier but not in the catalog: judged by its measured memory only. */
function fromMeasurement(measured: MeasuredModel, inputs: RecommendInputs): Recommendation {
  const total = (measured.vramBytes ?? 0) + (measured.ramBytes ?? 0);
  const at = measured.memoryContextTokens;
  const budget = inputs.vramBytes ? usableVram(inputs.vramBytes) : 0;
  const base = {
    model: measured.model,
    maxContextF16: null,
    maxContextQ8: null,
    toolUseScore: measured.toolUseScore,
    decodeTps: measured.decodeTps,
    speed: speedText(measured.model, measured),
    cacheType: 'f16' as const,
  };
  const notes = measuredNotes(measured, inputs.contextTokens);
  if (total > 0 && at !== null && at >= inputs.contextTokens && total <= budget) {
    return {
      ...base,
      verdict: 'fits',
      contextTokens: inputs.contextTokens,
      predictedBytes: total,
      commands: commandsFor(measured.model, inputs.contextTokens, 'f16'),
      why: [
        `measured ${formatBytes(total)} at ${formatTokens(at)} tokens, within ${formatBytes(budget)} of usable VRAM`,
        ...notes,
      ].join('; '),
    };
  }
  return {
    ...base,
    verdict: 'unknown-fit',
    contextTokens: inputs.contextTokens,
    predictedBytes: total || null,
    commands: commandsFor(measured.model, inputs.contextTokens, 'f16'),
    why: [
      `not in the catalog and not measured at ${formatTokens(inputs.contextTokens)} tokens: run \`bench run --models ${measured.model}${suitesFlag('gpuBytes')}\` on this machine`,
      ...notes,
    ].join('; '),
  };
}

/** Best first: by how well it fits, then measured tool use, then the catalog's suggested order. */
export function recommendModels(inputs: RecommendInputs): Recommendation[] {
  const catalog = inputs.catalog ?? CATALOG;
  const measuredByName = new Map(inputs.measured.map((model) => [model.model, model]));
  const measuredFor = (entry: CatalogModel) =>
    inputs.measured.find((model) => model.model === entry.name || findCatalogModel(model.model)?.name === entry.name);
  const preference = new Map(catalog.map((entry) => [entry.name, entry.preference]));
  const list = catalog.map((entry) => fromCatalog(entry, inputs, measuredFor(entry)));
  for (const measured of measuredByName.values()) {
    const inCatalog = catalog.some(
      (entry) => entry.name === measured.model || findCatalogModel(measured.model)?.name === entry.name,
    );
    if (!inCatalog) list.push(fromMeasurement(measured, inputs));
  }
  return list.sort(
    (a, b) =>
      VERDICT_ORDER.indexOf(a.verdict) - VERDICT_ORDER.indexOf(b.verdict) ||
      (a.verdict === 'short-context' ? b.contextTokens - a.contextTokens : 0) ||
      qualityOf(b.toolUseScore) - qualityOf(a.toolUseScore) ||
      (preference.get(a.model) ?? 99) - (preference.get(b.model) ?? 99),
  );
}

/** One paragraph summing up the answer, so `--vram 8G` and `--vram 48G` read differently at a glance. */
export function summarize(recommendations: readonly Recommendation[], inputs: RecommendInputs): string {
  const gpu = inputs.vramBytes
    ? `${formatBytes(inputs.vramBytes)} of GPU memory (${formatBytes(usableVram(inputs.vramBytes))} usable)`
    : 'no GPU';
  const fitting = recommendations.filter((rec) => rec.verdict === 'fits' || rec.verdict === 'fits-with-q8-cache');
  const head = `With ${gpu} and ${formatBytes(inputs.ramBytes)} RAM at ${formatTokens(inputs.contextTokens)} tokens of context: `;
  if (fitting.length) return `${head}${fitting.length} model(s) fit entirely in VRAM; best: ${fitting[0].model}.`;
  const short = recommendations.find((rec) => rec.verdict === 'short-context');
  if (short)
    return `${head}no model fits this context in VRAM. Best compromise: ${short.model} at ${formatTokens(short.contextTokens)} tokens, or accept CPU offload (slow).`;
  const spill = recommendations.find((rec) => rec.verdict === 'spills-to-ram');
  if (spill)
    return `${head}nothing fits in VRAM; ${spill.model} runs partly or fully on the CPU (slow). A GPU with 16–24 GB VRAM is recommended.`;
  return `${head}no known model fits this machine. Try a smaller --context.`;
}
