// What the session suite's records say about the launch: whether the cache-saving settings go into
// Claude Code's environment (and why), and the "what a session costs" line of the recommendation.
// Pure: records in, settings and sentences out.
import type { ResultRecord } from '../../src/types.js';
import { CACHE_SETTINGS_ENV, cacheSettingsWords } from './settings.js';

/** What the session suite measured for one model (the newest run that has it). */
export interface CacheSettingsEvidence {
  runId: string;
  reuse: number | null;
  reuseWithSettings: number | null;
  /** Turn 10's TTFT default ÷ with the settings. */
  speedup: number | null;
  /** The same over the median TTFT of turns 2–10: what the decision reads (one turn is noisy on a busy machine). */
  medianRatio: number | null;
  ttft10Ms: number | null;
  ttft10MsWithSettings: number | null;
}

const numberOf = (records: readonly ResultRecord[], model: string, metric: string): ResultRecord | undefined =>
  records.findLast(
    (r) =>
      r.model === model &&
      r.suite === 'session' &&
      r.metric === metric &&
      typeof r.value === 'number' &&
      r.status !== 'error',
  );

function medianRatioOf(record: ResultRecord | undefined): number | null {
  const ratio = record?.data?.medianRatio;
  return typeof ratio === 'number' && Number.isFinite(ratio) ? ratio : null;
}

/** The session suite's figures for `model`, or null when it did not run (records oldest first). */
export function cacheSettingsEvidence(records: readonly ResultRecord[], model: string): CacheSettingsEvidence | null {
  const reuse = numberOf(records, model, 'session_cache_reuse');
  const withSettings = numberOf(records, model, 'session_cache_reuse.cache_settings');
  if (!reuse && !withSettings) return null;
  const value = (metric: string) => (numberOf(records, model, metric)?.value as number | undefined) ?? null;
  return {
    runId: (withSettings ?? reuse)!.run_id,
    reuse: (reuse?.value as number | undefined) ?? null,
    reuseWithSettings: (withSettings?.value as number | undefined) ?? null,
    speedup: value('session_speedup'),
    medianRatio: medianRatioOf(numberOf(records, model, 'session_speedup')),
    ttft10Ms: value('session_ttft_ms@turn10'),
    ttft10MsWithSettings: value('session_ttft_ms@turn10.cache_settings'),
  };
}

/** With the settings the cache served this much less, and turns were slower than this (median TTFT of turns 2–10): against them. */
const LOWER_REUSE = 0.05;
const HURTS_BELOW = 0.8;

const percent = (value: number) => `${Math.round(value * 100)}%`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The cache-saving settings for the launch, and the note that says why. They go in unless the
 * session suite measured a lower cache reuse with them on this server; without a
 * measurement the documented reason holds: the attribution header is the first line of Claude
 * Code's system prompt and differs between conversations (a subagent, a compacted session), so a
 * request of another conversation shares nothing a server cached — `ollama launch claude` sets both.
 */
export function cacheSettingsForLaunch(evidence: CacheSettingsEvidence | null | undefined): {
  env: Record<string, string>;
  note: string;
} {
  const words = cacheSettingsWords();
  if (!evidence)
    return {
      env: { ...CACHE_SETTINGS_ENV },
      note: `${words}: Claude Code's attribution header is the first line of its system prompt and differs between conversations (subagents, a compacted session), which keeps a server's prompt cache from serving them (\`ollama launch claude\` sets both). Not measured here: \`bench run --suites session\` measures what they do on this server.`,
    };
  const { reuse, reuseWithSettings, ttft10Ms, ttft10MsWithSettings } = evidence;
  const ratio = evidence.medianRatio ?? evidence.speedup;
  const measured = [
    reuse !== null && reuseWithSettings !== null
      ? `cache reuse ${percent(reuse)} without, ${percent(reuseWithSettings)} with them`
      : null,
    ttft10Ms !== null && ttft10MsWithSettings !== null
      ? `turn 10's first token after ${seconds(ttft10Ms)} without, ${seconds(ttft10MsWithSettings)} with them`
      : null,
  ]
    .filter(Boolean)
    .join('; ');
  // The settings act through the prompt cache only: with the same reuse a difference in time is the
  // machine's noise, so only a lower reuse with them (and slower turns) speaks against them.
  const hurts =
    reuse !== null &&
    reuseWithSettings !== null &&
    reuseWithSettings < reuse - LOWER_REUSE &&
    (ratio === null || ratio < HURTS_BELOW);
  if (hurts)
    return {
      env: {},
      note: `${words} left out: the session suite measured a lower cache reuse with them on this server (${measured}, run ${evidence.runId}).`,
    };
  const helped = reuse !== null && reuseWithSettings !== null && reuseWithSettings - reuse >= 0.1;
  return {
    env: { ...CACHE_SETTINGS_ENV },
    note: helped
      ? `${words}: the session suite measured that they keep the prompt cache working on this server (${measured}).`
      : `${words}: the session suite measured no difference on this server (${measured}); they stay for sessions whose first message changes (subagents, compaction), where the attribution header would change the prompt's first line.`,
  };
}

/** `What a session costs here: …` for the recommendation, or null without session figures. */
export function sessionCostLine(records: readonly ResultRecord[], model: string): string | null {
  const value = (metric: string) => (numberOf(records, model, metric)?.value as number | undefined) ?? null;
  const withSettings = value('session_minutes_30_turns.cache_settings');
  const without = value('session_minutes_30_turns');
  const minutes = withSettings ?? without;
  if (minutes === null) return null;
  const suffix = withSettings !== null ? '.cache_settings' : '';
  const first = value(`session_ttft_ms@turn1${suffix}`);
  const tenth = value(`session_ttft_ms@turn10${suffix}`);
  const reuse = value(`session_cache_reuse${suffix}`);
  const parts = [
    first !== null && tenth !== null
      ? `the first turn waits ${seconds(first)} for its first token, turn 10 ${seconds(tenth)}`
      : null,
    reuse !== null ? `${percent(reuse)} of each prompt served from cache` : null,
  ].filter(Boolean);
  const other =
    withSettings !== null && without !== null ? ` (${without.toFixed(1)} min without ${cacheSettingsWords()})` : '';
  return `What a session costs here: ${parts.join(', ')}; a 30-turn task ≈ ${minutes.toFixed(1)} min of model time${withSettings !== null ? ` with the cache-saving settings${other}` : ''}.`;
}
