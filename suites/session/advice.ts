// What the session suite's records say about the launch: the evidence for the cache-saving
// settings (decided in src/launch/cache-settings.ts) and the "what a session costs" line of the
// recommendation. Pure: records in, settings and sentences out.
import { cacheSettingsEvidence as evidenceOf, type CacheSettingsEvidence } from '../../src/launch/cache-settings.js';
import { latestOf } from '../../src/run/metric.js';
import type { ResultRecord } from '../../src/types.js';
import { SESSION_METRICS } from './metric-declarations.js';
import { cacheSettingsWords } from './settings.js';

export { cacheSettingsForLaunch, type CacheSettingsEvidence } from '../../src/launch/cache-settings.js';

const SESSION = [{ id: 'session', metrics: SESSION_METRICS }];

const numberOf = (records: readonly ResultRecord[], model: string, metric: string): ResultRecord | undefined =>
  records.findLast(
    (r) =>
      r.model === model &&
      r.suite === 'session' &&
      r.metric === metric &&
      typeof r.value === 'number' &&
      r.status !== 'error',
  );

/** The session suite's figures for `model`, or null when it did not run (records oldest first). */
export function cacheSettingsEvidence(records: readonly ResultRecord[], model: string): CacheSettingsEvidence | null {
  return evidenceOf((quantity) => latestOf(records, model, SESSION, quantity, { usable: true }));
}

const percent = (value: number) => `${Math.round(value * 100)}%`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

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
