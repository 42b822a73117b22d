// The agent suite's proof that bench launch's settings matter: the setting groups, the long task
// sized from the server context, Claude Code's own "out of context" ends, and the effect record.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/agent/findings.js';
import {
  claudeSettingsEnv,
  compactionEnv,
  compactThreshold,
  MIN_AUTO_COMPACT_WINDOW,
  planLaunch,
  SETTING_GROUPS,
  withoutGroup,
} from '../../src/launch/plan.js';
import { emptyTranscript } from '../../src/agent/stream-json.js';
import { settingsEffectMetric } from '../../suites/agent/metrics.js';
import { scoreTask, type TaskReport } from '../../suites/agent/score.js';
import { longContextSize, longContextTask } from '../../suites/agent/tasks/long-context.js';

const MODEL = 'qwen2.5-coder:32b';
const none = { serverContextTokens: null, effectiveContextTokens: null, claimedContextTokens: null, runId: null };
const planFor = (serverContextTokens: number) =>
  planLaunch({
    model: MODEL,
    measurements: { ...none, serverContextTokens, claimedContextTokens: 131072 },
    image: 'img',
    networkMode: 'host',
  });

describe('setting groups', () => {
  it('every group names settings bench launch really sets', () => {
    const env = planFor(131072).claudeEnv;
    for (const names of Object.values(SETTING_GROUPS)) for (const name of names) expect(env).toHaveProperty(name);
  });

  it('leaving a group out removes exactly its settings', () => {
    const env = claudeSettingsEnv(planFor(131072));
    const without = withoutGroup(env, 'compaction');
    expect(Object.keys(without).filter((name) => /COMPACT|CONTEXT_TOKENS|OUTPUT_TOKENS/.test(name))).toEqual([]);
    expect(Object.keys(env).length - Object.keys(without).length).toBe(SETTING_GROUPS.compaction.length);
    expect(withoutGroup(env, 'model_names').CLAUDE_CODE_SUBAGENT_MODEL).toBeUndefined();
  });

  it('no auto-compact window below the minimum Claude Code honours; the context window carries it', () => {
    expect(compactionEnv(65536)).toEqual({
      CLAUDE_CODE_MAX_CONTEXT_TOKENS: '65536',
      CLAUDE_CODE_MAX_OUTPUT_TOKENS: '16384',
    });
    expect(compactionEnv(MIN_AUTO_COMPACT_WINDOW).CLAUDE_CODE_AUTO_COMPACT_WINDOW).toBe(
      String(MIN_AUTO_COMPACT_WINDOW),
    );
    expect(planFor(32768).notes.join(' ')).toMatch(/AUTO_COMPACT_WINDOW is left out/);
  });

  it('the agent suite compacts at what the server runs now, not at what bench launch would raise it to', () => {
    const plan = planFor(32768);
    expect(plan.compactWindowTokens).toBeGreaterThan(32768);
    expect(claudeSettingsEnv(plan, 32768).CLAUDE_CODE_MAX_CONTEXT_TOKENS).toBe('32768');
    expect(claudeSettingsEnv(plan).CLAUDE_CODE_MAX_CONTEXT_TOKENS).toBe(String(plan.compactWindowTokens));
  });

  it('warns when the window is too small for Claude Code to compact into', () => {
    expect(compactThreshold(32768, 8192)).toBeLessThan(13_000);
    const small = planLaunch({
      model: MODEL,
      measurements: { ...none, serverContextTokens: 4096, claimedContextTokens: 32768 },
      image: 'img',
      networkMode: 'host',
    });
    expect(small.notes.join(' ')).toMatch(/thrashing/);
    expect(planFor(131072).notes.join(' ')).not.toMatch(/thrashing/);
  });
});

describe('long_context task', () => {
  it.each([32768, 65536, 131072, 262144])(
    "overflows a %i-token server and keeps each file under Claude Code's output cut",
    (context) => {
      const task = longContextTask(context);
      const logs = Object.entries(task.files).filter(([name]) => name.startsWith('logs/'));
      const tokens = logs.reduce((sum, [, text]) => sum + text.length / 4, 0);
      expect(tokens + 12_000).toBeGreaterThan(context);
      for (const [, text] of logs) expect(text.length).toBeLessThan(30_000);
      expect(logs).toHaveLength(longContextSize(context).files);
      expect(task.budgets.maxTurns).toBeGreaterThan(logs.length + 2);
    },
  );

  it('asks for every file in order, then the edit, in words the simulated model follows', () => {
    const task = longContextTask(65536);
    const { files } = longContextSize(65536);
    expect(task.prompt).toMatch(/^Run `cat logs\/part1\.txt`, then run `cat logs\/part2\.txt`/);
    expect(task.prompt).toContain(
      `cat logs/part${files}.txt\`, then read app.js, then replace "draft" with "final" in app.js.`,
    );
    expect(longContextTask(65536).files['logs/part1.txt']).toBe(task.files['logs/part1.txt']);
  });
});

describe('Claude Code giving up for lack of context', () => {
  it.each(['Autocompact is thrashing: the context refilled to the limit within 3 turns', 'Prompt is too long'])(
    '%s → context_overflow',
    (text) => {
      const transcript = {
        ...emptyTranscript(),
        toolCalls: [{ id: 'c1', name: 'Bash', input: {} }],
        result: {
          subtype: 'success',
          isError: true,
          numTurns: 3,
          costUsd: null,
          text,
          terminalReason: null,
          apiErrorStatus: null,
        },
      };
      const score = scoreTask({
        verify: { passed: false, detail: 'app.js lacks "final"' },
        stoppedBy: null,
        transcript,
        findings: [],
        budgets: { wallSeconds: 60, maxTurns: 5, maxSubagents: 2 },
        subagents: 0,
      });
      expect(score.failure).toBe('context_overflow');
      expect(score.detail).toContain(text.slice(0, 20));
    },
  );
});

describe('settingsEffectMetric', () => {
  const overflow: Finding = { name: 'context_overflow', severity: 'fail', count: 2, detail: '', advice: '' };
  const report = (passed: boolean, findings: Finding[] = []): TaskReport => ({
    task: 'long_context',
    score: { passed, failure: passed ? null : 'context_overflow', detail: '' },
    seconds: 1,
    turns: 3,
    toolCalls: [],
    invalidToolCalls: 0,
    subagents: 0,
    findings,
    recordingFile: null,
  });

  it('the plain setup fails and the settings fix it: warn, naming the settings and bench launch', () => {
    const metric = settingsEffectMetric('compaction', MODEL, report(true), report(false, [overflow]));
    expect(metric).toMatchObject({
      metric: 'agent_settings_effect.compaction',
      value: 'settings_fix_failure',
      status: 'warn',
    });
    expect(metric.detail).toContain('CLAUDE_CODE_MAX_CONTEXT_TOKENS');
    expect(metric.advice).toContain(`bench launch --model ${MODEL}`);
  });

  it.each([
    [true, true, [], 'no_difference', 'pass'],
    [true, true, [overflow], 'settings_avoid_findings', 'warn'],
    [false, true, [], 'settings_cause_failure', 'warn'],
    [false, false, [overflow], 'fails_either_way', 'warn'],
  ] as const)(
    'with %s, without %s (findings without: %j) → %s',
    (withPassed, withoutPassed, findings, value, status) => {
      const metric = settingsEffectMetric(
        'model_names',
        MODEL,
        report(withPassed),
        report(withoutPassed, [...findings]),
      );
      expect(metric).toMatchObject({ metric: 'agent_settings_effect.model_names', value, status });
      if (status === 'warn') expect(metric.advice).toBeTruthy();
    },
  );
});
