// The agent suite's summary records, from the per-task reports. Pure.
import type { Finding } from '../../src/agent/findings.js';
import type { MetricInput, Status } from '../../src/types.js';
import type { FailureName, TaskReport } from './score.js';

export const FAILURE_ADVICE: Record<FailureName, string> = {
  runaway_subagents: 'The model keeps starting subagents (Task/Agent) and Claude Code does not stop it: do not use this model for agent work.',
  timeout: 'The session did not end within its budget: the model is too slow or loops. See agent_seconds and the recording.',
  context_overflow: 'Claude Code sent more than the server\'s context: raise OLLAMA_CONTEXT_LENGTH and set CLAUDE_CODE_AUTO_COMPACT_WINDOW (bench launch prints both).',
  api_error: 'The server refused Claude Code\'s request (for example a model without tool support): see the detail.',
  no_tool_calls: 'The model answered in text instead of calling a tool (see tool_call_as_text in the tool-use suite): pick a model with native tool calling in Ollama.',
  invalid_tool_input: 'The model\'s tool arguments do not fit the tools\' schemas, so Claude Code refuses them: pick a model with reliable tool calling.',
  verifier_failed: 'Claude Code ended but the workspace is not as asked: see the recording for what the model did.',
};

const mean = (values: number[]): number => (values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length);
const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

export function summaryMetrics(reports: readonly TaskReport[]): MetricInput[] {
  const judged = reports.filter((report) => report.score.failure !== 'interrupted');
  const passed = judged.filter((report) => report.score.passed).length;
  const fraction = judged.length === 0 ? 0 : passed / judged.length;
  const failures = judged.filter((report) => !report.score.passed).map((report) => `${report.task}: ${report.score.failure}`);
  const invalid = reports.reduce((sum, report) => sum + report.invalidToolCalls, 0);
  const passStatus: Status = judged.length === 0 ? 'error' : fraction === 1 ? 'pass' : fraction >= 0.6 ? 'warn' : 'fail';
  return [
    {
      metric: 'agent_tasks_passed',
      value: round(fraction),
      unit: 'fraction',
      status: passStatus,
      detail: `${passed}/${judged.length} tasks passed${failures.length ? `; failed: ${failures.join(', ')}` : ''}`,
      ...(passStatus === 'pass' ? {} : { advice: 'See each agent.<task> record for the reason and its fix.' }),
      data: { passed, tasks: judged.length },
    },
    { metric: 'agent_turns', value: round(mean(reports.map((report) => report.turns)), 1), unit: 'turns/task', status: 'pass', detail: 'assistant turns per task (main conversation)' },
    { metric: 'agent_seconds', value: round(mean(reports.map((report) => report.seconds)), 1), unit: 's/task', status: 'pass', detail: 'wall time per task, container start included' },
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

/** The first task with bench launch's settings against the same task as the guide runs it. */
export function settingsEffectMetric(withSettings: TaskReport, without: TaskReport): MetricInput {
  const outcome = (report: TaskReport) => (report.score.passed ? 'passed' : `failed (${report.score.failure})`);
  const names = (report: TaskReport) => report.findings.filter((finding) => finding.severity !== 'info').map((finding) => finding.name);
  const onlyWithout = names(without).filter((name) => !names(withSettings).includes(name));
  const helps = (withSettings.score.passed && !without.score.passed) || onlyWithout.length > 0;
  const hurts = !withSettings.score.passed && without.score.passed;
  const value = helps ? 'helps' : hurts ? 'hurts' : 'no_difference';
  return {
    metric: 'agent_settings_effect',
    value,
    status: hurts ? 'warn' : 'pass',
    detail: `${withSettings.task} with bench launch settings: ${outcome(withSettings)}; without: ${outcome(without)}${onlyWithout.length ? `; only without: ${onlyWithout.join(', ')}` : ''}`,
    ...(hurts ? { advice: 'The task passed without the launch settings but not with them: report this, with both recordings.' } : {}),
    data: { with: { passed: withSettings.score.passed, findings: names(withSettings), recording: withSettings.recordingFile }, without: { passed: without.score.passed, findings: names(without), recording: without.recordingFile } },
  };
}
