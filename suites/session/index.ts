// The session suite: what a real Claude Code session costs on this server, turn by turn. It replays
// two traces of a real Claude Code session (recorded from its container, shipped as fixtures) —
// one with Claude Code's default environment, one with the cache-saving settings — request by
// request against the model under test, and measures each turn's time to first token, the prompt
// tokens the server served from its cache, and where and why the prompt prefix broke. It needs no
// Docker unless `--claude-code-version` asks for another Claude Code than the traces', which it
// then records first.
import path from 'node:path';
import { dockerStatus } from '../../src/shared/docker.js';
import { ensureImage } from '../../src/agent/image.js';
import type { Suite, SuiteContext } from '../../src/run/suite.js';
import { measuredNumber } from '../../src/run/metric.js';
import type { ResultRecord } from '../../src/types.js';
import { FIXTURE_CLAUDE_CODE_VERSION, loadFixtureTrace, traceFileName } from './fixtures.js';
import { speedupMetric, variantMetrics, type VariantRun } from './metrics.js';
import { SESSION_METRICS } from './metric-declarations.js';
import { recordTrace } from './record.js';
import { replayTrace } from './replay.js';
import { sessionFigures } from './score.js';
import { saveTrace, TRACE_VARIANTS, type SessionTrace, type TraceVariant } from './trace.js';

/** A rate measured earlier in the run (tokens/s; the throughput suite's), if any. */
function rateMeasured(ctx: SuiteContext, quantity: 'prefillRate' | 'decodeRate'): number | null {
  const value = measuredNumber(ctx.measured(quantity));
  return value !== null && value > 0 ? value : null;
}

/** The shipped traces, or fresh ones recorded with the Claude Code version the run asks for. */
async function tracesFor(ctx: SuiteContext): Promise<Map<TraceVariant, SessionTrace> | null> {
  const version = ctx.options.claudeCodeVersion;
  const traces = new Map<TraceVariant, SessionTrace>();
  if (version === FIXTURE_CLAUDE_CODE_VERSION) {
    for (const variant of TRACE_VARIANTS) traces.set(variant, await loadFixtureTrace(variant));
    return traces;
  }
  const docker = ctx.environment.hardware?.docker ?? (await dockerStatus());
  if (!docker.available) {
    ctx.emit({
      metric: 'session_traces',
      value: version,
      status: 'error',
      detail: `the shipped traces are of Claude Code ${FIXTURE_CLAUDE_CODE_VERSION}; recording ${version} needs Docker: ${docker.detail}`,
      advice: `Start Docker to record Claude Code ${version}, or run without --claude-code-version to replay the ${FIXTURE_CLAUDE_CODE_VERSION} traces.`,
    });
    return null;
  }
  try {
    const image = await ensureImage({
      claudeCodeVersion: version,
      signal: ctx.signal,
      onProgress: (m) => ctx.progress(m),
    });
    for (const variant of TRACE_VARIANTS) {
      if (ctx.signal.aborted) return null;
      const trace = await recordTrace({
        image,
        claudeCodeVersion: version,
        variant,
        runId: ctx.runId,
        signal: ctx.signal,
        onProgress: (m) => ctx.progress(m),
      });
      traces.set(variant, trace);
      if (ctx.options.outDir)
        await saveTrace(path.join(ctx.options.outDir, 'recordings', `session-${traceFileName(variant)}`), trace);
    }
  } catch (error) {
    ctx.emit({
      metric: 'session_traces',
      value: version,
      status: 'error',
      detail: `recording Claude Code ${version} failed: ${(error as Error).message}`,
      advice: `Check \`docker build\` of the image, or run without --claude-code-version to replay the ${FIXTURE_CLAUDE_CODE_VERSION} traces.`,
    });
    return null;
  }
  ctx.emit({
    metric: 'session_traces',
    value: version,
    status: 'pass',
    detail: `recorded fresh from Claude Code ${version}${ctx.options.outDir ? ' (saved in recordings/)' : ''}`,
  });
  return traces;
}

async function replayVariant(
  ctx: SuiteContext,
  variant: TraceVariant,
  trace: SessionTrace,
  rates: { coldTokensPerSecond: number | null; decodeTokensPerSecond: number | null },
): Promise<VariantRun> {
  const label = variant === 'default' ? 'default environment' : 'cache-saving settings';
  const turns = await replayTrace(trace, {
    host: ctx.options.host,
    model: ctx.model,
    timeoutMs: ctx.options.timeoutMs,
    signal: ctx.signal,
    onTurn: (turn, of) =>
      ctx.progress(
        `session (${label}): turn ${turn.turn}/${of}${turn.ttftMs !== null ? `, first token after ${(turn.ttftMs / 1000).toFixed(1)} s` : ''}${turn.cachedTokens !== null ? `, ${turn.cachedTokens} tokens from cache` : ''}${turn.error ? ` — ${turn.error}` : ''}`,
      ),
  });
  return { variant, trace, figures: sessionFigures(turns, rates) };
}

async function runSessionSuite(ctx: SuiteContext): Promise<void> {
  const traces = await tracesFor(ctx);
  if (!traces) return;
  // A load on its own, so the first turn's time is the prompt's and not the weights'.
  if (ctx.server.capabilities.loadUnload) await ctx.server.load(ctx.model).catch(() => undefined);
  // For a server that reports no cache counts (Ollama), the cold prefill and decode rates measured earlier.
  const rates = {
    coldTokensPerSecond: rateMeasured(ctx, 'prefillRate'),
    decodeTokensPerSecond: rateMeasured(ctx, 'decodeRate'),
  };
  const runs: VariantRun[] = [];
  for (const variant of TRACE_VARIANTS) {
    if (ctx.signal.aborted) break;
    runs.push(await replayVariant(ctx, variant, traces.get(variant)!, rates));
  }
  const [without, withSettings] = runs;
  for (const run of runs)
    for (const metric of variantMetrics(run, ctx.server.backend, run === without ? (withSettings ?? null) : without))
      ctx.emit(metric);
  if (without && withSettings) ctx.emit(speedupMetric(without, withSettings));
}

export const sessionSuite: Suite = {
  id: 'session',
  title: 'Claude Code session, turn by turn',
  description:
    'Replays a real recorded Claude Code session (with and without the cache-saving settings) and measures time to first token per turn and how much of each prompt the server serves from its cache.',
  // Opt-in: its 22 requests of ~12K tokens (~0.27M prompt tokens) would add half again to what a default report costs.
  defaultOn: false,
  metrics: SESSION_METRICS,
  // Ollama reports no cache counts: its reuse is estimated against the cold prefill rate measured before.
  reads: ['prefillRate', 'decodeRate'],
  run: runSessionSuite,
};
