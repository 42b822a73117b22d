// The session suite's records, from the figures of each replay. Pure.
import { summarize } from '../../src/shared/stats.js';
import type { BackendId } from '../../src/servers/types.js';
import type { MetricInput } from '../../src/types.js';
import { MAX_TOKENS_PER_TURN } from './replay.js';
import {
  ESTIMATE_TURNS,
  REUSE_FIRST_TURN,
  REUSE_LAST_TURN,
  reusePerTurn,
  reuseStatus,
  TURN_OUTPUT_TOKENS,
  type SessionFigures,
} from './score.js';
import { cacheSettingsWords } from './settings.js';
import type { SessionTrace, TraceVariant } from './trace.js';

/** `session_cache_reuse` for the default run, `session_cache_reuse.cache_settings` for the other. */
export const metricName = (base: string, variant: TraceVariant): string =>
  variant === 'default' ? base : `${base}.cache_settings`;

/** The least noise an estimated reuse has (see reuseNoise). */
const ESTIMATE_NOISE = 0.1;

const percent = (value: number): string => `${Math.round(value * 100)}%`;
const seconds = (ms: number): string => (ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : `${(ms / 1000).toFixed(1)} s`);
const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

const SOURCE_WORDS = {
  usage: "the server's usage.cache_read_input_tokens",
  estimate:
    'estimated: the server reports no cache counts, so the prompt tokens its prefill time could not have processed at the cold rate count as cached; the median turn',
  none: 'the server reported no prompt token counts',
} as const;

/** What to do when the server itself did not reuse its cache, by the kind of server. */
export const SERVER_CACHE_ADVICE: Record<BackendId, string> = {
  'llama-server':
    'llama-server re-processed prompt tokens it already had: start it with -np 1 (one slot keeps the session; with more, other requests take the slot or split the cache), keep its prompt cache on (no --no-cache-prompt, and --cache-ram not 0: it keeps prompts that other requests pushed out) and, for models with sliding-window attention, add --swa-full.',
  ollama:
    'Ollama re-processed prompt tokens it already had: keep the model loaded between turns (OLLAMA_KEEP_ALIVE, and OLLAMA_MAX_LOADED_MODELS=1 so no other model evicts it) and OLLAMA_NUM_PARALLEL=1 so one slot holds the session.',
  anthropic:
    'The server re-processed prompt tokens it already had: turn on its prefix cache (vLLM: --enable-prefix-caching; SGLang caches prefixes by default).',
};

export interface VariantRun {
  variant: TraceVariant;
  trace: SessionTrace;
  figures: SessionFigures;
}

function ttftMetrics(run: VariantRun): MetricInput[] {
  return ([1, 5, 10] as const).map((turn) => {
    const value = run.figures.ttft[turn];
    const metric = metricName(`session_ttft_ms@turn${turn}`, run.variant);
    const exists = run.figures.turns.some((t) => t.turn === turn);
    if (value === null)
      return {
        metric,
        value: null,
        unit: 'ms',
        status: 'error',
        detail: exists
          ? `turn ${turn} got no token: ${run.figures.turns.find((t) => t.turn === turn)?.error ?? 'no content'}`
          : `the trace has only ${run.figures.turns.length} turns`,
      };
    const info = run.figures.turns.find((t) => t.turn === turn);
    return {
      metric,
      value,
      unit: 'ms',
      status: 'pass',
      detail: `time to first token of turn ${turn} (${info?.promptTokens ?? info?.sentTokens ?? '?'} prompt tokens${info?.cachedTokens != null ? `, ${info.cachedTokens} from cache` : ''})`,
    };
  });
}

/** The per-turn table, for the chart and the report. */
function turnsMetric(run: VariantRun): MetricInput {
  const { header } = run.trace;
  return {
    metric: metricName('session_turns', run.variant),
    value: run.figures.turns.filter((turn) => !turn.error).length,
    unit: 'turns',
    status: run.figures.firstError ? 'warn' : 'pass',
    detail: `${run.figures.turns.length} requests of a Claude Code ${header.claudeCodeVersion} session replayed (${run.variant === 'default' ? "Claude Code's default environment" : cacheSettingsWords()}); generation capped at ${MAX_TOKENS_PER_TURN} tokens per turn${run.figures.firstError ? `; first error: ${run.figures.firstError}` : ''}`,
    data: {
      claudeCodeVersion: header.claudeCodeVersion,
      env: header.env,
      recordedAt: header.recordedAt,
      maxTokensPerTurn: MAX_TOKENS_PER_TURN,
      cacheSource: run.figures.cacheSource,
      turns: run.figures.turns.map((turn) => ({
        turn: turn.turn,
        kind: turn.kind,
        ttftMs: turn.ttftMs,
        ttftAtEnd: turn.ttftAtEnd,
        totalMs: turn.totalMs,
        sentTokens: turn.sentTokens,
        promptTokens: turn.promptTokens,
        cachedTokens: turn.cachedTokens,
        outputTokens: turn.outputTokens,
        prefixChanged: turn.prefix && !turn.prefix.extends ? turn.prefix.changed : null,
        error: turn.error,
      })),
    },
  };
}

function reuseMetric(run: VariantRun, backend: BackendId, other: VariantRun | null): MetricInput {
  const { figures } = run;
  const metric = metricName('session_cache_reuse', run.variant);
  const coverage = { answered: figures.answered, asked: figures.asked };
  if (figures.reuse === null)
    return {
      metric,
      value: null,
      unit: 'ratio',
      status: 'error',
      detail: `no cache figures: ${figures.firstError ?? SOURCE_WORDS[figures.cacheSource]}`,
      coverage,
    };
  const status = reuseStatus(figures.reuse);
  const otherReuse = other?.figures.reuse ?? null;
  return {
    metric,
    value: round(figures.reuse),
    unit: 'ratio',
    status,
    detail: `${percent(figures.reuse)} of the prompt tokens of turns ${REUSE_FIRST_TURN}–${REUSE_LAST_TURN} were served from the prompt cache (${SOURCE_WORDS[figures.cacheSource]})`,
    ...(status === 'pass' ? {} : { advice: reuseAdvice(run, backend, other) }),
    data: {
      cacheSource: figures.cacheSource,
      // Per-turn shares: their spread is the figure's noise for `bench compare`; an estimate from
      // timings is never taken as finer than ±0.1 (a busy machine shifts every turn of a run at once).
      samples: reusePerTurn(figures.turns),
      mad: reuseNoise(figures),
      prefixBreak: figures.prefixBreak,
      ...(run.variant === 'default' && otherReuse !== null
        ? { withCacheSettings: { reuse: round(otherReuse), status: reuseStatus(otherReuse) } }
        : {}),
    },
    coverage,
  };
}

/** The reuse's noise for `bench compare`: the per-turn shares' MAD, at least 0.1 for an estimate. */
export function reuseNoise(figures: SessionFigures): number {
  const shares = reusePerTurn(figures.turns);
  const mad = shares.length >= 2 ? summarize(shares).mad : 0;
  return Number((figures.cacheSource === 'estimate' ? Math.max(ESTIMATE_NOISE, mad) : mad).toFixed(4));
}

/** Names the setting that fixes a broken prefix and what it did here, or the server's own fix. */
export function reuseAdvice(run: VariantRun, backend: BackendId, other: VariantRun | null): string {
  const settings = run.variant === 'default' ? other : run;
  const without = run.variant === 'default' ? run : other;
  const helped =
    settings?.figures.reuse != null &&
    without?.figures.reuse != null &&
    settings.figures.reuse - without.figures.reuse >= 0.1;
  if (run.variant === 'default' && helped && settings && without) {
    const t10 = (v: VariantRun) => v.figures.ttft[10];
    const ttft =
      t10(without) !== null && t10(settings) !== null
        ? ` and turn 10's time to first token from ${seconds(t10(without)!)} to ${seconds(t10(settings)!)}`
        : '';
    return `Start Claude Code with ${cacheSettingsWords()} (\`bench launch\` sets them): on this server they raised the cache reuse from ${percent(without.figures.reuse!)} to ${percent(settings.figures.reuse!)}${ttft}.`;
  }
  if (run.figures.prefixBreak?.side === 'prompt' && run.variant === 'default')
    return `Claude Code's prompt changed early at turn ${run.figures.prefixBreak.turn} (${run.figures.prefixBreak.reason}); ${cacheSettingsWords()} did not help here. ${SERVER_CACHE_ADVICE[backend]}`;
  return SERVER_CACHE_ADVICE[backend];
}

function breakMetrics(run: VariantRun): MetricInput[] {
  const found = run.figures.prefixBreak;
  const coverage = { answered: run.figures.answered, asked: run.figures.asked };
  const where = found
    ? found.side === 'prompt'
      ? `Claude Code's request changed before the end of the previous one at turn ${found.turn}`
      : `the server stopped reusing its cache at turn ${found.turn}`
    : `the prompt only grew over ${run.figures.turns.length} turns and the server reused it`;
  return [
    {
      metric: metricName('session_prefix_break_turn', run.variant),
      value: found ? found.turn : null,
      unit: 'turn',
      status: found ? 'warn' : 'pass',
      detail: found ? `${where}: ${found.reason}` : `no break: ${where}`,
      data: { prefixBreak: found },
      coverage,
    },
    {
      metric: metricName('session_prefix_break_reason', run.variant),
      value: found ? found.reason : 'none',
      unit: '',
      status: found ? 'warn' : 'pass',
      detail: found ? (found.side === 'prompt' ? 'the request changed' : 'the server side') : 'no break',
      data: { side: found?.side ?? null },
      coverage,
    },
  ];
}

function timeMetrics(run: VariantRun): MetricInput[] {
  const { figures } = run;
  const perTurn: MetricInput =
    figures.secondsPerTurn === null
      ? {
          metric: metricName('session_seconds_per_turn', run.variant),
          value: null,
          unit: 's',
          status: 'error',
          detail: figures.firstError ?? 'no turn answered',
        }
      : {
          metric: metricName('session_seconds_per_turn', run.variant),
          value: round(figures.secondsPerTurn, 2),
          unit: 's',
          status: 'pass',
          detail: `median time to the end of a turn, with generation capped at ${MAX_TOKENS_PER_TURN} tokens`,
        };
  const minutes: MetricInput =
    figures.minutes30 === null
      ? {
          metric: metricName('session_minutes_30_turns', run.variant),
          value: null,
          unit: 'min',
          status: 'error',
          detail: 'too few turns answered with a decode rate to estimate from',
        }
      : {
          metric: metricName('session_minutes_30_turns', run.variant),
          value: round(figures.minutes30, 2),
          unit: 'min',
          status: 'pass',
          detail: `estimate for a ${ESTIMATE_TURNS}-turn task: each turn's measured time to first token (the trend carried on past turn ${figures.turns.length}) plus ${TURN_OUTPUT_TOKENS} tokens written at the measured decode rate`,
        };
  return [perTurn, minutes];
}

/** Every record of one replay. */
export function variantMetrics(run: VariantRun, backend: BackendId, other: VariantRun | null): MetricInput[] {
  return [
    turnsMetric(run),
    ...ttftMetrics(run),
    reuseMetric(run, backend, other),
    ...breakMetrics(run),
    ...timeMetrics(run),
  ];
}

/** Turn 10's TTFT with Claude Code's default environment ÷ with the cache-saving settings. */
export function speedupMetric(without: VariantRun, withSettings: VariantRun): MetricInput {
  const a = without.figures.ttft[10];
  const b = withSettings.figures.ttft[10];
  if (a === null || b === null || b <= 0)
    return {
      metric: 'session_speedup',
      value: null,
      unit: '×',
      status: 'error',
      detail: "turn 10's time to first token is missing from one of the runs",
    };
  const speedup = a / b;
  // One turn's time is noisy on a busy machine: the advice also wants the median of turns 2–10 to agree.
  const middle = (run: VariantRun) => {
    const times = run.figures.turns
      .filter((turn) => turn.turn >= 2 && turn.turn <= 10 && turn.ttftMs !== null && !turn.error)
      .map((turn) => turn.ttftMs as number)
      .sort((x, y) => x - y);
    return times.length ? times[Math.floor((times.length - 1) / 2)] : null;
  };
  const [ma, mb] = [middle(without), middle(withSettings)];
  const medianRatio = ma !== null && mb !== null && mb > 0 ? ma / mb : null;
  // The settings act through the cache: faster turns with the same reuse are the machine's noise.
  const [r0, r1] = [without.figures.reuse, withSettings.figures.reuse];
  const cacheGain = r0 === null || r1 === null || r1 - r0 >= 0.1;
  const helps = speedup >= 1.2 && (medianRatio ?? 0) >= 1.2 && cacheGain;
  return {
    metric: 'session_speedup',
    value: round(speedup, 2),
    unit: '×',
    status: 'pass',
    detail: `turn 10's time to first token: ${seconds(a)} with Claude Code's default environment, ${seconds(b)} with ${cacheSettingsWords()}${medianRatio !== null ? ` (median over turns 2–10: ×${medianRatio.toFixed(2)})` : ''}`,
    ...(helps
      ? {
          advice: `Start Claude Code with ${cacheSettingsWords()} (\`bench launch\` sets them): turn 10 answers ${speedup.toFixed(1)}× sooner on this server.`,
        }
      : {}),
    data: {
      ttftMsTurn10: { default: a, cacheSettings: b },
      medianRatio: medianRatio === null ? null : round(medianRatio, 2),
      reuse: { default: without.figures.reuse, cacheSettings: withSettings.figures.reuse },
    },
  };
}
