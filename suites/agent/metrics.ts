// The agent suite's summary records, from the per-task reports. Pure.
import type { Finding } from '../../src/agent/findings.js';
import { SETTING_GROUPS, type SettingGroup } from '../../src/launch/plan.js';
import type { ServerAdvice } from '../../src/servers/types.js';
import type { MetricInput, Status } from '../../src/types.js';
import type { FailureName, TaskReport } from './score.js';
import { mean, round } from '../../src/shared/stats.js';

export const FAILURE_ADVICE: Record<FailureName, string> = {
  runaway_subagents:
    'The model keeps starting subagents (Task/Agent) and Claude Code does not stop it: do not use this model for agent work.',
  timeout:
    'The session did not end within its budget: the model is too slow or loops. See agent_seconds and the recording.',
  context_overflow:
    "The session outgrew the server's context: raise it (65536 or more) and set CLAUDE_CODE_MAX_CONTEXT_TOKENS to it so Claude Code compacts in time (`bench launch --model <model>` prints both).",
  api_error: "The server refused Claude Code's request (for example a model without tool support): see the detail.",
  no_tool_calls:
    'The model answered in text instead of calling a tool (see tool_call_as_text in the tool-use suite): pick a model with native tool calling on this server.',
  invalid_tool_input:
    "The model's tool arguments do not fit the tools' schemas, so Claude Code refuses them: pick a model with reliable tool calling.",
  symlink_in_workspace:
    'The model left a symbolic link where the task expected a file (model-written code linking out of the workspace): the checker does not follow links, so the task fails. See the recording for the command that made it.',
  verifier_failed: 'Claude Code ended but the workspace is not as asked: see the recording for what the model did.',
};

/** FAILURE_ADVICE with the server's own way to raise the context. */
export function failureAdvice(failure: FailureName, server: ServerAdvice, model: string): string {
  if (failure !== 'context_overflow') return FAILURE_ADVICE[failure];
  return `The session outgrew the server's context: ${server.raiseContext(model, 65_536)}, and set CLAUDE_CODE_MAX_CONTEXT_TOKENS to it so Claude Code compacts in time (\`bench launch --model ${model}\` prints both).`;
}

export function summaryMetrics(reports: readonly TaskReport[]): MetricInput[] {
  const judged = reports.filter((report) => report.score.failure !== 'interrupted');
  const passed = judged.filter((report) => report.score.passed).length;
  const fraction = judged.length === 0 ? 0 : passed / judged.length;
  const failures = judged
    .filter((report) => !report.score.passed)
    .map((report) => `${report.task}: ${report.score.failure}`);
  const invalid = reports.reduce((sum, report) => sum + report.invalidToolCalls, 0);
  const passStatus: Status =
    judged.length === 0 ? 'error' : fraction === 1 ? 'pass' : fraction >= 0.6 ? 'warn' : 'fail';
  return [
    {
      metric: 'agent_tasks_passed',
      value: round(fraction, 2),
      unit: 'fraction',
      status: passStatus,
      detail: `${passed}/${judged.length} tasks passed${failures.length ? `; failed: ${failures.join(', ')}` : ''}`,
      ...(passStatus === 'pass' ? {} : { advice: 'See each agent.<task> record for the reason and its fix.' }),
      data: { passed, tasks: judged.length },
    },
    {
      metric: 'agent_turns',
      value: round(mean(reports.map((report) => report.turns)), 1),
      unit: 'turns/task',
      status: 'pass',
      detail: 'assistant turns per task (main conversation)',
    },
    {
      metric: 'agent_seconds',
      value: round(mean(reports.map((report) => report.seconds)), 1),
      unit: 's/task',
      status: 'pass',
      detail: 'wall time per task, container start included',
    },
    {
      metric: 'agent_invalid_tool_calls',
      value: invalid,
      unit: 'calls',
      status: invalid > 0 ? 'warn' : 'pass',
      detail: invalid > 0 ? 'tool calls Claude Code refused as invalid input' : 'no tool call was refused',
    },
  ];
}

const SEVERITY_STATUS: Record<Finding['severity'], Status> = { info: 'pass', warn: 'warn', fail: 'fail' };

/** One record per finding name over all tasks: `agent_finding.<name>`, value = requests concerned. */
export function findingMetrics(reports: readonly TaskReport[]): MetricInput[] {
  const byName = new Map<string, { finding: Finding; count: number; tasks: string[] }>();
  for (const report of reports) {
    for (const finding of report.findings) {
      const entry = byName.get(finding.name) ?? { finding, count: 0, tasks: [] };
      entry.count += finding.count;
      entry.tasks.push(report.task);
      byName.set(finding.name, entry);
    }
  }
  return [...byName.values()].map(({ finding, count, tasks }) => ({
    metric: `agent_finding.${finding.name}`,
    value: count,
    unit: 'requests',
    status: SEVERITY_STATUS[finding.severity],
    detail: `${finding.detail} (tasks: ${tasks.join(', ')})`,
    ...(finding.severity === 'info' ? {} : { advice: finding.advice }),
    data: { tasks },
  }));
}

const GROUP_LABEL: Record<SettingGroup, string> = {
  compaction: 'the compaction window',
  model_names: 'the model names',
};

export type SettingsEffect =
  | 'settings_fix_failure'
  | 'settings_cause_failure'
  | 'settings_avoid_findings'
  | 'fails_either_way'
  | 'no_difference';

/**
 * One setting group's effect: a task with all of bench launch's settings against the same task with
 * that group left out (the rest as the guide sets it). `warn` when the user needs the group.
 */
export function settingsEffectMetric(
  group: SettingGroup,
  model: string,
  withSettings: TaskReport,
  without: TaskReport,
): MetricInput {
  const outcome = (report: TaskReport) => (report.score.passed ? 'passed' : `failed (${report.score.failure})`);
  const names = (report: TaskReport) =>
    report.findings.filter((finding) => finding.severity !== 'info').map((finding) => finding.name);
  const onlyWithout = names(without).filter((name) => !names(withSettings).includes(name));
  const value: SettingsEffect =
    withSettings.score.passed && !without.score.passed
      ? 'settings_fix_failure'
      : !withSettings.score.passed && without.score.passed
        ? 'settings_cause_failure'
        : !withSettings.score.passed && !without.score.passed
          ? 'fails_either_way'
          : onlyWithout.length > 0
            ? 'settings_avoid_findings'
            : 'no_difference';
  const settings = SETTING_GROUPS[group].join(', ');
  const label = GROUP_LABEL[group];
  const advice: Record<SettingsEffect, string | undefined> = {
    settings_fix_failure: `Without ${label} (${settings}) ${withSettings.task} fails: start Claude Code with the settings of \`bench launch --model ${model}\`.`,
    settings_cause_failure: `${withSettings.task} passed without ${label} (${settings}) but not with them: report this, with both recordings.`,
    settings_avoid_findings: `Without ${label} (${settings}) Claude Code ran into ${onlyWithout.join(', ')}: start it with the settings of \`bench launch --model ${model}\`.`,
    fails_either_way: `${withSettings.task} fails with and without ${label}, so this run cannot tell whether they matter: see agent.${withSettings.task} for the cause and its fix.`,
    no_difference: undefined,
  };
  return {
    metric: `agent_settings_effect.${group}`,
    value,
    status: value === 'no_difference' ? 'pass' : 'warn',
    detail: `${withSettings.task} with ${label} (${settings}): ${outcome(withSettings)}; without: ${outcome(without)}${onlyWithout.length ? `; only without: ${onlyWithout.join(', ')}` : ''}`,
    ...(advice[value] ? { advice: advice[value] } : {}),
    data: {
      group,
      settings: [...SETTING_GROUPS[group]],
      with: {
        passed: withSettings.score.passed,
        failure: withSettings.score.failure,
        findings: names(withSettings),
        recording: withSettings.recordingFile,
      },
      without: {
        passed: without.score.passed,
        failure: without.score.failure,
        findings: names(without),
        recording: without.recordingFile,
      },
    },
  };
}
