// What the Messages endpoint really gives: a needle at the very start of one long user message.
// Where the server reports the context it serves (Ollama's /api/ps, llama-server's /slots), one
// probe just inside it confirms it and one past it shows what happens to a prompt that does not
// fit; only when the report does not hold, or there is none, is the length searched (grown until
// the needle is lost or the server refuses, then bisected). All probes run at the server's default
// context, so the model loads once.
import type { SuiteContext } from '../../src/run/suite.js';
import { haystackFor, messagesProbe, RESERVE_TOKENS, verdictOf, type ModelClock, type NeedleProbe } from './probes.js';
import {
  bisect,
  DEFAULT_SEARCH,
  lengthLadder,
  searchLargestFit,
  startSearch,
  type ProbeVerdict,
  type SearchResult,
} from './search.js';
import type { TokenScale } from './tokens.js';

/** Smallest context Ollama has ever defaulted to is 2048; the calibration probe fits well inside it. */
const CALIBRATION_TOKENS = 1024;
const FIRST_RUNG = 2048;

export interface ServerMeasurement {
  search: SearchResult;
  /** Calibration probe first, then every confirming, ladder or bisection probe in order. */
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
  const verdictAt = async (contextLength: number): Promise<ProbeVerdict> =>
    verdictOf(await probeAt(contextLength, contextLength - RESERVE_TOKENS), scale);

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
  const calibrated = calibrationVerdict.kind === 'fits';
  const search =
    loadedContext !== null && loadedContext > 0
      ? await confirmReported(loadedContext, top, calibrated, verdictAt)
      : await searchLargestFit(lengthLadder(FIRST_RUNG, top), verdictAt, DEFAULT_SEARCH);
  return { search, probes, loadedContext, calibrated };
}

/**
 * The reported context, checked: a probe just inside it, then (when the model can take more) one
 * at twice it. A report that does not hold is bisected below; one that understates is climbed past.
 */
async function confirmReported(
  reported: number,
  top: number,
  calibrated: boolean,
  verdictAt: (length: number) => Promise<ProbeVerdict>,
): Promise<SearchResult> {
  const { result, run } = startSearch(verdictAt);
  const inside = Math.min(reported, top);
  const confirmed = await run(inside);
  if (confirmed.kind === 'lost') {
    // A model that cannot find a needle in a short prompt says nothing about the context: no search.
    if (calibrated) await bisect(result, run, DEFAULT_SEARCH);
    return result;
  }
  if (confirmed.kind === 'stop' || inside >= top) return result;
  const past = Math.min(top, inside * 2);
  if ((await run(past)).kind !== 'fits') return result;
  // The server holds more than it reports: grow and bisect as without a report.
  for (const rung of lengthLadder(FIRST_RUNG, top).filter((length) => length > past))
    if ((await run(rung)).kind !== 'fits') break;
  await bisect(result, run, DEFAULT_SEARCH);
  return result;
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
