// How much context the model can really use (NIAH / RULER-style) through the native API, where
// num_ctx can be set: needles at the start, middle and end of one haystack with distractors. The
// claimed length is probed first (one probe when the model holds it); only on a miss is the length
// searched below it. Every probe runs at the top's num_ctx, so the model loads once for all of them,
// and the questions of one length go in a row, so the server's prompt cache serves the repeated haystack.
import type { SuiteContext } from '../../src/run/suite.js';
import { haystackFor, nativeProbe, RESERVE_TOKENS, verdictOf, type ModelClock, type NeedleProbe } from './probes.js';
import { searchFromTop, type SearchResult } from './search.js';
import type { TokenScale } from './tokens.js';

export const NEEDLE_DEPTHS = [0, 0.5, 1] as const;
/** Below this the search after a miss bisects from 0 instead of halving further. */
const FLOOR = 4096;

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
  const search = await searchFromTop(top, FLOOR, async (contextLength) => {
    const haystack = haystackFor(
      `${ctx.model}/effective/${contextLength}`,
      contextLength - RESERVE_TOKENS,
      NEEDLE_DEPTHS,
      scale,
    );
    // A shorter prompt at the same num_ctx tests the same thing and loads nothing new.
    const probe = await nativeProbe(ctx, haystack, contextLength, scale, clock, top);
    probes.push(probe);
    if (probe.failure?.kind !== 'error' && !allocations.some((a) => a.requested === top))
      allocations.push({
        requested: top,
        allocated: await ctx.server.loadedContext(ctx.model).catch(() => null),
      });
    return verdictOf(probe, scale);
  });
  return { search, probes, allocations };
}

/** The model at `requested` and what /api/ps says was allocated: loaded only when the run has no reading at that context yet. */
export async function allocationFor(
  ctx: SuiteContext,
  requested: number,
  clock: ModelClock,
): Promise<ContextAllocation> {
  ctx.progress(`context: allocation at num_ctx ${requested}`);
  const started = performance.now();
  try {
    const reading = await ctx.loads.at(requested);
    if (reading.load) clock.add(reading.load.loadMs / 1000);
    return { requested, allocated: reading.allocated };
  } catch (error) {
    clock.add((performance.now() - started) / 1000);
    throw error;
  }
}
