// What the session suite's records do to the launch: the cache-saving settings and their note, and
// the recommendation's "what a session costs" line.
import { describe, expect, it } from 'vitest';
import { measurementsFromRecords, planLaunch } from '../../src/launch/plan.js';
import type { ResultRecord } from '../../src/types.js';
import { ALL_SUITES } from '../../suites/index.js';
import {
  cacheSettingsEvidence,
  cacheSettingsForLaunch,
  sessionCostLine,
  type CacheSettingsEvidence,
} from '../../suites/session/advice.js';
import { record } from '../helpers/run-fixtures.js';

const session = (metric: string, value: number, data?: Record<string, unknown>): ResultRecord =>
  record({ model: 'm', suite: 'session', metric, value, unit: '', status: 'pass', ...(data ? { data } : {}) });

const evidence = (over: Partial<CacheSettingsEvidence>): CacheSettingsEvidence => ({
  runId: 'r1',
  reuse: 0.99,
  reuseWithSettings: 0.99,
  speedup: 1,
  medianRatio: 1,
  ttft10Ms: 500,
  ttft10MsWithSettings: 500,
  ...over,
});

const SETTINGS = { CLAUDE_CODE_ATTRIBUTION_HEADER: '0', CLAUDE_CODE_TOTAL_TOKENS_REMINDER: 'off' };

describe('cache-saving settings in the launch', () => {
  it('without a session run: set, for the documented reason, and says it was not measured', () => {
    const { env, note } = cacheSettingsForLaunch(null);
    expect(env).toEqual(SETTINGS);
    expect(note).toContain('ollama launch claude');
    expect(note).toContain('Not measured here: the session suite measures');
  });

  it('set with what the suite measured when they helped', () => {
    const { env, note } = cacheSettingsForLaunch(evidence({ reuse: 0.1, reuseWithSettings: 0.95 }));
    expect(env).toEqual(SETTINGS);
    expect(note).toContain('cache reuse 10% without, 95% with them');
  });

  it('kept when they made no difference, saying so', () => {
    const { env, note } = cacheSettingsForLaunch(evidence({}));
    expect(env).toEqual(SETTINGS);
    expect(note).toContain('no difference');
  });

  it('time alone never drops them (same reuse: the difference is noise); a lower reuse with them does', () => {
    expect(cacheSettingsForLaunch(evidence({ speedup: 0.34, medianRatio: 0.71 })).env).toEqual(SETTINGS);
    const lower = cacheSettingsForLaunch(evidence({ reuseWithSettings: 0.5, speedup: 0.5, medianRatio: 0.5 }));
    expect(lower.env).toEqual({});
    expect(lower.note).toContain('left out');
  });

  it('planLaunch follows the session records', () => {
    const records = [
      session('session_cache_reuse', 0.99),
      session('session_cache_reuse.cache_settings', 0.5),
      session('session_speedup', 0.5, { medianRatio: 0.5 }),
    ];
    const measurements = measurementsFromRecords(records, 'm', ALL_SUITES);
    expect(measurements.cacheSettings).toMatchObject({ reuse: 0.99, medianRatio: 0.5 });
    const plan = planLaunch({ model: 'm', measurements, image: 'i', networkMode: 'host' });
    expect(plan.claudeEnv.CLAUDE_CODE_ATTRIBUTION_HEADER).toBeUndefined();
    expect(plan.notes.join('\n')).toContain('left out');
    const without = planLaunch({
      model: 'm',
      measurements: measurementsFromRecords([], 'm', ALL_SUITES),
      image: 'i',
      networkMode: 'host',
    });
    expect(without.claudeEnv).toMatchObject(SETTINGS);
  });

  it('reads no evidence from other models or errored records', () => {
    expect(cacheSettingsEvidence([session('session_cache_reuse', 0.5)], 'other')).toBeNull();
    const errored = { ...session('session_cache_reuse', 0.5), status: 'error' as const };
    expect(cacheSettingsEvidence([errored], 'm')).toBeNull();
  });
});

describe('what a session costs', () => {
  it('says the first and tenth turn, the reuse and the 30-turn estimate, with and without the settings', () => {
    const records = [
      session('session_ttft_ms@turn1.cache_settings', 23_000),
      session('session_ttft_ms@turn10.cache_settings', 480),
      session('session_cache_reuse.cache_settings', 0.994),
      session('session_minutes_30_turns.cache_settings', 3.5),
      session('session_minutes_30_turns', 4),
    ];
    expect(sessionCostLine(records, 'm')).toBe(
      'What a session costs here: the first turn waits 23.0 s for its first token, turn 10 0.5 s, 99% of each prompt served from cache; a 30-turn task ≈ 3.5 min of model time with the cache-saving settings (4.0 min without CLAUDE_CODE_ATTRIBUTION_HEADER=0 CLAUDE_CODE_TOTAL_TOKENS_REMINDER=off).',
    );
    expect(sessionCostLine([], 'm')).toBeNull();
  });
});

describe('a failing default-environment reuse with the launch', () => {
  it('is settled when the launch sets the cache-saving settings and the replay with them passed', async () => {
    const { SESSION_METRICS } = await import('../../suites/session/metric-declarations.js');
    const declaration = SESSION_METRICS.find((d) => d.name === 'session_cache_reuse')!;
    const failing = {
      ...session('session_cache_reuse', 0.1, { withCacheSettings: { reuse: 0.95, status: 'pass' } }),
      status: 'fail' as const,
    };
    const launch = { servedContextTokens: 65536, claudeWindowTokens: 65536, claudeEnv: SETTINGS };
    expect(declaration.settledBy?.(failing, launch)).toContain('95%');
    expect(declaration.settledBy?.(failing, { ...launch, claudeEnv: {} })).toBeNull();
    const bothFail = { ...failing, data: { withCacheSettings: { reuse: 0.2, status: 'fail' } } };
    expect(declaration.settledBy?.(bothFail, launch)).toBeNull();
  });
});
