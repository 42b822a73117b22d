// The session suite's metrics, as reporters, the answer and `compare` read them. Each has a twin
// with the suffix `.cache_settings` for the replay of the trace recorded with the cache-saving settings.
import type { MetricDeclaration } from '../../src/run/metric.js';
import type { ResultRecord } from '../../src/types.js';
import { CACHE_SETTINGS_ENV } from './settings.js';

/**
 * A default-environment cache reuse that warns or fails is taken care of by the launch when the
 * launch sets the cache-saving settings and the replay recorded with them passed.
 */
function settledByCacheSettings(record: ResultRecord, launch: { claudeEnv: Readonly<Record<string, string>> }) {
  const sets = Object.entries(CACHE_SETTINGS_ENV).every(([name, value]) => launch.claudeEnv[name] === value);
  const withSettings = record.data?.withCacheSettings as { reuse?: number; status?: string } | undefined;
  if (!sets || withSettings?.status !== 'pass' || typeof withSettings.reuse !== 'number') return null;
  return `with the cache-saving settings the launch sets, ${Math.round(withSettings.reuse * 100)}% of the prompt is served from cache`;
}

export const SESSION_METRICS: readonly MetricDeclaration[] = [
  {
    name: 'session_turns',
    unit: 'turns',
    direction: 'none',
    role: 'fact',
    chart: { chart: 'turns', label: "Claude Code's default environment", line: 'solid' },
  },
  {
    name: 'session_turns.cache_settings',
    unit: 'turns',
    direction: 'none',
    role: 'fact',
    chart: { chart: 'turns', label: 'with the cache-saving settings', line: 'dashed' },
  },
  {
    name: 'session_ttft_ms@turn10',
    unit: 'ms',
    direction: 'lower',
    role: 'fact',
    glance: 'TTFT turn 10',
    measures: 'sessionTurn10Ttft',
  },
  {
    name: 'session_ttft_ms@turn10.cache_settings',
    unit: 'ms',
    direction: 'lower',
    role: 'fact',
    measures: 'sessionTurn10TtftWithSettings',
  },
  { name: 'session_ttft_ms@', unit: 'ms', direction: 'lower', role: 'fact' },
  {
    name: 'session_cache_reuse',
    unit: 'ratio',
    direction: 'higher',
    role: 'verdict',
    thresholds: 'pass ≥ 0.8, warn ≥ 0.5',
    glance: 'cache reuse',
    settledBy: settledByCacheSettings,
    measures: 'sessionCacheReuse',
  },
  {
    name: 'session_cache_reuse.cache_settings',
    unit: 'ratio',
    direction: 'higher',
    role: 'verdict',
    thresholds: 'pass ≥ 0.8, warn ≥ 0.5',
    measures: 'sessionCacheReuseWithSettings',
  },
  // A break that costs reuse is said by the reuse record, with its advice; alone (reuse still passing) it shows itself.
  {
    name: 'session_prefix_break_turn',
    unit: 'turn',
    direction: 'higher',
    role: 'fact',
    summarizedBy: 'session_cache_reuse',
  },
  {
    name: 'session_prefix_break_turn.cache_settings',
    unit: 'turn',
    direction: 'higher',
    role: 'fact',
    summarizedBy: 'session_cache_reuse.cache_settings',
  },
  {
    name: 'session_prefix_break_reason',
    unit: '',
    direction: 'none',
    role: 'fact',
    summarizedBy: 'session_cache_reuse',
  },
  {
    name: 'session_prefix_break_reason.cache_settings',
    unit: '',
    direction: 'none',
    role: 'fact',
    summarizedBy: 'session_cache_reuse.cache_settings',
  },
  { name: 'session_seconds_per_turn', unit: 's', direction: 'lower', role: 'fact' },
  { name: 'session_seconds_per_turn.cache_settings', unit: 's', direction: 'lower', role: 'fact' },
  // An estimate from single timings: shown, compared as information, never a regression by itself.
  { name: 'session_minutes_30_turns', unit: 'min', direction: 'none', role: 'fact', glance: '30-turn task' },
  { name: 'session_minutes_30_turns.cache_settings', unit: 'min', direction: 'none', role: 'fact' },
  { name: 'session_speedup', unit: '×', direction: 'higher', role: 'fact', measures: 'sessionSpeedup' },
  { name: 'session_traces', unit: '', direction: 'none', role: 'fact' },
];
