// From the turns of a replayed session to figures: TTFT at turns 1/5/10, the share of prompt tokens
// the server served from its cache, where the prefix first broke and why, the time per turn and
// what a 30-turn task would take. Pure.
import { summarize } from '../../src/shared/stats.js';
import { describeChange } from './prefix.js';
import type { TurnResult } from './replay.js';

/** The turns the cache reuse is judged over (turn 1 is cold by nature). */
export const REUSE_FIRST_TURN = 2;
export const REUSE_LAST_TURN = 10;
export const REUSE_PASS = 0.8;
export const REUSE_WARN = 0.5;

/** A cache that serves less than this share of what a request shares with the previous one is broken there. */
const SERVED_SHARE_OF_SHARED = 0.5;

/** What one Claude Code turn writes, for the 30-turn estimate: a tool call and a sentence. */
export const TURN_OUTPUT_TOKENS = 200;
export const ESTIMATE_TURNS = 30;

/** Where cached-token counts came from: the server's usage, an estimate from prefill time, or nowhere. */
export type CacheSource = 'usage' | 'estimate' | 'none';

export interface PrefixBreak {
  turn: number;
  /** `prompt`: the request itself changed early (Claude Code's side); `server`: the prompt grew but the cache was not used. */
  side: 'prompt' | 'server';
  reason: string;
  /** Estimated tokens shared with the previous request, and what the server served. */
  sharedTokens: number;
  servedTokens: number | null;
}

/**
 * The time a turn spent on its prompt: its TTFT less the decode of what the first delta carried
 * (Ollama sends a tool call whole, once all of it is decoded), at `decodeTokensPerSecond`.
 */
export function prefillMs(turn: TurnResult, decodeTokensPerSecond: number | null): number | null {
  if (turn.ttftMs === null) return null;
  // A first delta of more than a few tokens is a tool call sent whole: all of the reply was decoded before it.
  const whole = turn.ttftAtEnd || turn.firstDeltaChars > 16;
  const firstTokens = whole ? Math.max(1, turn.outputTokens ?? Math.ceil(turn.firstDeltaChars / 4)) : 1;
  const decodeMs = decodeTokensPerSecond ? (firstTokens / decodeTokensPerSecond) * 1000 : 0;
  return Math.max(1, turn.ttftMs - decodeMs);
}

/**
 * Fills `cachedTokens` where the server does not report it (Ollama): the prompt tokens its prefill
 * time could not have processed at the cold rate (`coldTokensPerSecond`) were served from cache.
 * An upper bound on processing, so a lower bound on reuse: overheads count as prefill.
 */
export function estimateCached(
  turns: readonly TurnResult[],
  coldTokensPerSecond: number | null,
  decodeTokensPerSecond: number | null,
): TurnResult[] {
  return turns.map((turn) => {
    const ms = prefillMs(turn, decodeTokensPerSecond);
    if (turn.cachedTokens !== null || turn.promptTokens === null || ms === null) return turn;
    if (!coldTokensPerSecond || coldTokensPerSecond <= 0) return turn;
    const processed = Math.min(turn.promptTokens, Math.round((ms / 1000) * coldTokensPerSecond));
    return { ...turn, cachedTokens: Math.max(0, turn.promptTokens - processed) };
  });
}

/** The cold prefill rate of the first turn (nothing cached yet): its prompt tokens over its prefill time. */
export function coldRateOf(turns: readonly TurnResult[], decodeTokensPerSecond: number | null): number | null {
  const first = turns[0];
  const ms = first ? prefillMs(first, decodeTokensPerSecond) : null;
  if (!first || first.error || first.promptTokens === null || !ms) return null;
  return first.promptTokens / (ms / 1000);
}

const judged = (turns: readonly TurnResult[]): TurnResult[] =>
  turns.filter((turn) => turn.turn >= REUSE_FIRST_TURN && turn.turn <= REUSE_LAST_TURN && !turn.error);

/** Each judged turn's cached ÷ prompt tokens (turns 2–10): the spread `bench compare` reads as the reuse's noise. */
export function reusePerTurn(turns: readonly TurnResult[]): number[] {
  return judged(turns)
    .filter((turn) => turn.cachedTokens !== null && turn.promptTokens)
    .map((turn) => Number(((turn.cachedTokens ?? 0) / (turn.promptTokens ?? 1)).toFixed(4)));
}

/** Σ cached / Σ prompt tokens over turns 2–10; null when the server's counts are missing. */
export function cacheReuse(turns: readonly TurnResult[], source: CacheSource = 'usage'): number | null {
  // Estimated counts follow each turn's time: one turn slowed by the machine must not move the figure.
  if (source === 'estimate') {
    const shares = reusePerTurn(turns);
    return shares.length > 0 ? summarize(shares).median : null;
  }
  const counted = judged(turns).filter((turn) => turn.cachedTokens !== null && turn.promptTokens !== null);
  const prompt = counted.reduce((sum, turn) => sum + (turn.promptTokens ?? 0), 0);
  if (counted.length === 0 || prompt === 0) return null;
  return counted.reduce((sum, turn) => sum + (turn.cachedTokens ?? 0), 0) / prompt;
}

/**
 * The first turn whose prompt could not be served from the cache: the request changed before the end
 * of the previous one, or it only grew but the server served much less than they share.
 */
export function firstBreak(turns: readonly TurnResult[], source: CacheSource = 'usage'): PrefixBreak | null {
  for (let index = 1; index < turns.length; index++) {
    const turn = turns[index];
    const before = turns[index - 1];
    if (!turn.prefix || turn.error || before.error) continue;
    const { prefix } = turn;
    if (!prefix.extends)
      return {
        turn: turn.turn,
        side: 'prompt',
        reason: describeChange(prefix),
        sharedTokens: prefix.commonTokens,
        servedTokens: turn.cachedTokens,
      };
    // Counts estimated from prefill time (Ollama) move with a busy machine: there only a change in the
    // request itself is a break; a cache the server did not use shows in the reuse.
    if (source === 'estimate') continue;
    if (turn.cachedTokens === null || turn.promptTokens === null || turn.sentTokens === 0) continue;
    // In the server's own tokens: the share of this prompt it shares with the previous one.
    const shareable = Math.min(1, prefix.commonTokens / turn.sentTokens) * turn.promptTokens;
    if (turn.cachedTokens < shareable * SERVED_SHARE_OF_SHARED)
      return {
        turn: turn.turn,
        side: 'server',
        reason: `the prompt only grew, but the server served ${turn.cachedTokens} of the ~${Math.round(shareable)} tokens it shares with the previous request from its cache (cache off, evicted, or a model whose cache cannot be reused)`,
        sharedTokens: Math.round(shareable),
        servedTokens: turn.cachedTokens,
      };
  }
  return null;
}

/** Least-squares line through (turn, ttft) of turns 2+, to extend TTFT past the recorded turns. */
function ttftTrend(turns: readonly TurnResult[]): ((turn: number) => number) | null {
  const points = turns.filter((turn) => turn.turn >= 2 && turn.ttftMs !== null && !turn.error);
  if (points.length < 2) return null;
  const n = points.length;
  const mx = points.reduce((sum, turn) => sum + turn.turn, 0) / n;
  const my = points.reduce((sum, turn) => sum + (turn.ttftMs ?? 0), 0) / n;
  const sxx = points.reduce((sum, turn) => sum + (turn.turn - mx) ** 2, 0);
  const sxy = points.reduce((sum, turn) => sum + (turn.turn - mx) * ((turn.ttftMs ?? 0) - my), 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const last = points[points.length - 1].ttftMs ?? 0;
  return (turn) => Math.max(last, my + slope * (turn - mx));
}

/** Generated tokens per second after the first token, median over turns that generated a few. */
export function decodeRate(turns: readonly TurnResult[]): number | null {
  const rates = turns
    // Only replies that streamed token by token (a tool call sent whole says nothing about the rate).
    .filter(
      (turn) =>
        !turn.error &&
        turn.ttftMs !== null &&
        !turn.ttftAtEnd &&
        (turn.outputTokens ?? 0) >= 2 &&
        turn.firstDeltaChars <= 16,
    )
    .map((turn) => ((turn.outputTokens ?? 0) - 1) / Math.max(0.001, (turn.totalMs - (turn.ttftMs ?? 0)) / 1000));
  return rates.length > 0 ? summarize(rates).median : null;
}

/**
 * Minutes a 30-turn task would take on this server: each turn's time to first token (measured, then
 * the measured trend carried on) plus writing TURN_OUTPUT_TOKENS at the measured decode rate.
 */
export function minutesFor(
  turns: readonly TurnResult[],
  count = ESTIMATE_TURNS,
  decodeTokensPerSecond: number | null = null,
): number | null {
  const trend = ttftTrend(turns);
  const rate = decodeTokensPerSecond ?? decodeRate(turns);
  if (!trend || !rate) return null;
  let ms = 0;
  for (let turn = 1; turn <= count; turn++) {
    const measured = turns.find((t) => t.turn === turn && !t.error && t.ttftMs !== null);
    ms += (measured?.ttftMs ?? trend(turn)) + ((TURN_OUTPUT_TOKENS - 1) / rate) * 1000;
  }
  return ms / 60_000;
}

export interface SessionFigures {
  turns: TurnResult[];
  ttft: Record<1 | 5 | 10, number | null>;
  reuse: number | null;
  cacheSource: CacheSource;
  prefixBreak: PrefixBreak | null;
  secondsPerTurn: number | null;
  minutes30: number | null;
  /** Turns the judged figures need (1–10, or fewer when the trace is shorter) and how many answered. */
  asked: number;
  answered: number;
  firstError: string | null;
}

/** All figures of one replay; the rates (measured earlier in the run) fill in cache counts a server does not report. */
export function sessionFigures(
  raw: readonly TurnResult[],
  rates: { coldTokensPerSecond?: number | null; decodeTokensPerSecond?: number | null } = {},
): SessionFigures {
  const reported = raw.some((turn) => turn.cachedTokens !== null);
  const decode = rates.decodeTokensPerSecond ?? decodeRate(raw);
  const cold = reported ? null : (rates.coldTokensPerSecond ?? coldRateOf(raw, decode));
  const turns = reported ? [...raw] : estimateCached(raw, cold, decode);
  const cacheSource: CacheSource = reported
    ? 'usage'
    : turns.some((t) => t.cachedTokens !== null)
      ? 'estimate'
      : 'none';
  const ttftAt = (n: number): number | null => {
    const turn = turns.find((t) => t.turn === n);
    return turn && !turn.error ? turn.ttftMs : null;
  };
  const window = turns.filter((turn) => turn.turn <= REUSE_LAST_TURN);
  const answered = window.filter((turn) => !turn.error);
  const done = turns.filter((turn) => !turn.error);
  return {
    turns,
    ttft: { 1: ttftAt(1), 5: ttftAt(5), 10: ttftAt(10) },
    reuse: cacheReuse(turns, cacheSource),
    cacheSource,
    prefixBreak: firstBreak(turns, cacheSource),
    secondsPerTurn: done.length > 0 ? summarize(done.map((turn) => turn.totalMs / 1000)).median : null,
    minutes30: minutesFor(turns, ESTIMATE_TURNS, rates.decodeTokensPerSecond ?? null),
    asked: window.length,
    answered: answered.length,
    firstError: turns.find((turn) => turn.error)?.error ?? null,
  };
}

export function reuseStatus(reuse: number): 'pass' | 'warn' | 'fail' {
  return reuse >= REUSE_PASS ? 'pass' : reuse >= REUSE_WARN ? 'warn' : 'fail';
}
