// How much context the model can really use (NIAH / RULER-style) through the native API, where
// num_ctx can be set: needles at the start, middle and end of one haystack with distractors, at
// growing lengths, bisected near the edge. Each num_ctx value is probed once, all its questions in
// a row, so the model loads once per length and Ollama's prompt cache serves the repeated haystack.
import type { SuiteContext } from '../../src/run/suite.js';
import { haystackFor, nativeProbe, RESERVE_TOKENS, verdictOf, type ModelClock, type NeedleProbe } from './probes.js';
import { lengthLadder, searchLargestFit, type SearchResult } from './search.js';
import type { TokenScale } from './tokens.js';

export const NEEDLE_DEPTHS = [0, 0.5, 1] as const;
const FIRST_RUNG = 4096;

export interface ContextAllocation {
  requested: number;
  /** /api/ps context_length after loading with `requested`; null when not reported. */
  allocated: number | null;
}

export interface EffectiveMeasurement {
  search: SearchResult;
  probes: NeedleProbe[];
  allocations: ContextAllocation[];
}

export async function measureEffectiveContext(
  ctx: SuiteContext,
  top: number,
  scale: TokenScale,
  clock: ModelClock,
): Promise<EffectiveMeasurement> {
  const probes: NeedleProbe[] = [];
  const allocations: ContextAllocation[] = [];
  const search = await searchLargestFit(lengthLadder(FIRST_RUNG, top), async (contextLength) => {
    const haystack = haystackFor(
      `${ctx.model}/effective/${contextLength}`,
      contextLength - RESERVE_TOKENS,
      NEEDLE_DEPTHS,
      scale,
    );
    const probe = await nativeProbe(ctx, haystack, contextLength, scale, clock);
    probes.push(probe);
    if (probe.failure?.kind !== 'error')
      allocations.push({
        requested: contextLength,
        allocated: await ctx.server.loadedContext(ctx.model).catch(() => null),
      });
    return verdictOf(probe, scale);
  });
  return { search, probes, allocations };
}

/** Loads the model at `requested` (unless a probe already did) and reads what /api/ps says was allocated. */
export async function allocationFor(
  ctx: SuiteContext,
  requested: number,
  known: readonly ContextAllocation[],
  clock: ModelClock,
): Promise<ContextAllocation> {
  const seen = known.find((a) => a.requested === requested);
  if (seen) return seen;
  ctx.progress(`context: loading at num_ctx ${requested}`);
  const started = performance.now();
  try {
    const loaded = await ctx.server.load(ctx.model, requested);
    clock.add(loaded.loadMs / 1000);
  } catch (error) {
    clock.add((performance.now() - started) / 1000);
    throw error;
  }
  return { requested, allocated: await ctx.server.loadedContext(ctx.model) };
}
