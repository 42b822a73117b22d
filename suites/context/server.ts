// What the Messages endpoint really gives: a needle at the very start of one long user message,
// the message grown until the needle is lost (Ollama cuts the head of an over-long last message)
// or the server refuses it. All probes run at the server's default context, so the model loads once.
import type { SuiteContext } from '../../src/run/suite.js';
import { haystackFor, messagesProbe, RESERVE_TOKENS, verdictOf, type ModelClock, type NeedleProbe } from './probes.js';
import { DEFAULT_SEARCH, lengthLadder, searchLargestFit, type SearchResult } from './search.js';
import type { TokenScale } from './tokens.js';

/** Smallest context Ollama has ever defaulted to is 2048; the calibration probe fits well inside it. */
const CALIBRATION_TOKENS = 1024;
const FIRST_RUNG = 2048;

export interface ServerMeasurement {
  search: SearchResult;
  /** Calibration probe first, then every ladder/bisection probe in order. */
  probes: NeedleProbe[];
  /** /api/ps context_length right after the first Messages request. */
  loadedContext: number | null;
  /** The model answered the calibration probe (short prompt) correctly: the needle test is meaningful. */
  calibrated: boolean;
}

export async function measureServerContext(
  ctx: SuiteContext,
  top: number,
  scale: TokenScale,
  clock: ModelClock,
): Promise<ServerMeasurement> {
  const probes: NeedleProbe[] = [];
  const probeAt = async (contextLength: number, promptTokens: number): Promise<NeedleProbe> => {
    ctx.progress(`context: messages API, ${contextLength}-token rung`);
    const haystack = haystackFor(`${ctx.model}/server/${contextLength}`, promptTokens, [0], scale);
    const probe = await messagesProbe(ctx, haystack, contextLength, scale, clock);
    probes.push(probe);
    return probe;
  };

  const calibration = await probeAt(CALIBRATION_TOKENS, CALIBRATION_TOKENS);
  const calibrationVerdict = verdictOf(calibration, scale);
  const loadedContext = await ctx.server.loadedContext(ctx.model).catch(() => null);
  if (calibrationVerdict.kind === 'stop') {
    return {
      search: {
        largestFit: null,
        smallestLoss: null,
        stopped: { length: CALIBRATION_TOKENS, reason: calibrationVerdict.reason },
        steps: [],
      },
      probes,
      loadedContext,
      calibrated: false,
    };
  }
  const search = await searchLargestFit(
    lengthLadder(FIRST_RUNG, top),
    async (contextLength) => verdictOf(await probeAt(contextLength, contextLength - RESERVE_TOKENS), scale),
    DEFAULT_SEARCH,
  );
  return { search, probes, loadedContext, calibrated: calibrationVerdict.kind === 'fits' };
}

export type OverflowBehavior = 'truncates_silently' | 'rejects_400';

export interface ServerContextEstimate {
  tokens: number | null;
  source: 'measured' | 'measured+ps' | 'ps' | 'none';
}

/**
 * The measured bracket is [largest rung that fit - reserve, smallest rung lost). /api/ps names the
 * exact number; it is used when it agrees with the bracket, else the measured rung stands. When the
 * model could not even answer the short calibration probe, only /api/ps is left.
 */
export function estimateServerContext(measurement: ServerMeasurement): ServerContextEstimate {
  const { search, loadedContext, calibrated } = measurement;
  if (!calibrated)
    return loadedContext !== null ? { tokens: loadedContext, source: 'ps' } : { tokens: null, source: 'none' };
  const low = search.largestFit;
  if (low === null)
    return {
      tokens: search.smallestLoss !== null ? 0 : null,
      source: search.smallestLoss !== null ? 'measured' : 'none',
    };
  const slack = DEFAULT_SEARCH.resolution / 2;
  const agrees =
    loadedContext !== null &&
    loadedContext >= low - RESERVE_TOKENS - slack &&
    (search.smallestLoss === null || loadedContext <= search.smallestLoss + slack);
  return agrees ? { tokens: loadedContext, source: 'measured+ps' } : { tokens: low, source: 'measured' };
}

/** How the server treated the prompts that did not fit, if any probe went over. */
export function observedOverflow(measurement: ServerMeasurement): OverflowBehavior | null {
  if (measurement.probes.some((p) => p.failure?.kind === 'rejected')) return 'rejects_400';
  // A lost needle means truncation only when the model has shown it can answer a short probe.
  const truncated = measurement.calibrated && measurement.probes.some((p) => p.failure === null && !p.allRetrieved);
  return truncated ? 'truncates_silently' : null;
}
