// The cache-saving settings and whether a launch gives them to Claude Code: the environment
// variables that keep its prompt prefix stable from one request to the next, so a server's prompt
// cache can serve it. What each one changes on the wire was read in Claude Code 2.1.332's requests
// and bundle (test/fixtures/session/README.md); whether they help on a server is what the session
// suite measures, read here through the quantities it declares.
import { measuredNumber, type Quantity } from '../run/metric.js';
import type { ResultRecord } from '../types.js';

export const CACHE_SETTINGS_ENV: Readonly<Record<string, string>> = {
  CLAUDE_CODE_ATTRIBUTION_HEADER: '0',
  CLAUDE_CODE_TOTAL_TOKENS_REMINDER: 'off',
};

/** The settings as `NAME=value` words, for advice. */
export const cacheSettingsWords = (): string =>
  Object.entries(CACHE_SETTINGS_ENV)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');

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

function medianRatioOf(record: ResultRecord | undefined): number | null {
  const ratio = record?.data?.medianRatio;
  return typeof ratio === 'number' && Number.isFinite(ratio) ? ratio : null;
}

/**
 * The session suite's figures, from `find` (the newest measured record of each quantity, e.g.
 * `latestOf(records, model, suites, quantity, { usable: true })`), or null when it did not run.
 */
export function cacheSettingsEvidence(
  find: (quantity: Quantity) => ResultRecord | undefined,
): CacheSettingsEvidence | null {
  const reuse = find('sessionCacheReuse');
  const withSettings = find('sessionCacheReuseWithSettings');
  if (!reuse && !withSettings) return null;
  const value = (quantity: Quantity) => measuredNumber(find(quantity));
  const speedup = find('sessionSpeedup');
  return {
    runId: (withSettings ?? reuse)!.run_id,
    reuse: measuredNumber(reuse),
    reuseWithSettings: measuredNumber(withSettings),
    speedup: measuredNumber(speedup),
    medianRatio: medianRatioOf(speedup),
    ttft10Ms: value('sessionTurn10Ttft'),
    ttft10MsWithSettings: value('sessionTurn10TtftWithSettings'),
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
      note: `${words}: Claude Code's attribution header is the first line of its system prompt and differs between conversations (subagents, a compacted session), which keeps a server's prompt cache from serving them (\`ollama launch claude\` sets both). Not measured here: the session suite measures what they do on this server.`,
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
