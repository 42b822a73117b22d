// The agent suite: real Claude Code, in its container, does small coding tasks against the model
// through the recording proxy. It needs Docker, so it runs only when asked (`--suites agent`).
import { runInWorkspace } from '../../src/agent/container.js';
import { describeSweep, removeLeftovers } from '../../src/agent/sweep.js';
import { dockerStatus } from '../../src/shared/docker.js';
import { ensureImage } from '../../src/agent/image.js';
import {
  claudeSettingsEnv,
  defaultNetworkMode,
  contextMeasurements,
  MEASURED_QUANTITIES,
  planLaunch,
  withoutGroup,
  type SettingGroup,
} from '../../src/launch/plan.js';
import { runSession } from '../../src/agent/session.js';
import { invalidToolCalls } from '../../src/agent/stream-json.js';
import type { Suite, SuiteContext } from '../../src/run/suite.js';
import type { MetricInput } from '../../src/types.js';
import { scoreTask, type TaskReport } from './score.js';
import type { AgentTask, VerifyResult } from './task.js';
import { AGENT_TASKS } from './tasks/index.js';
import { longContextTask } from './tasks/long-context.js';
import { failureAdvice, findingMetrics, settingsEffectMetric, summaryMetrics } from './metrics.js';
import { AGENT_METRICS } from './metric-declarations.js';
import { runProbePlan } from '../../src/run/probes.js';

export interface AgentRunSetup {
  image: string;
  claudeCodeVersion: string;
  serverContextTokens: number | null;
}

/** The context measurements of suites that ran earlier for this model (declared in `reads`). */
const earlierMeasurements = (ctx: SuiteContext) => contextMeasurements((quantity) => ctx.measured(quantity));

/** Measured by the context suite earlier in this run, else what the server loads the model at by default. */
async function serverContextOf(ctx: SuiteContext): Promise<number | null> {
  const measured = earlierMeasurements(ctx).serverContextTokens;
  if (measured !== null) return measured;
  try {
    if (ctx.server.capabilities.loadUnload) await ctx.server.load(ctx.model);
    return await ctx.server.loadedContext(ctx.model);
  } catch {
    return null;
  }
}

const NOT_VERIFIED: VerifyResult = { passed: false, detail: 'not verified: the run was interrupted' };

/** A task that could not run at all (workspace, proxy, docker or verifier broke): no verdict on the model. */
function taskErrorMetric(task: AgentTask, error: unknown): MetricInput {
  return {
    metric: `agent.${task.id}`,
    value: null,
    status: 'error',
    detail: `the task could not run: ${(error as Error)?.message ?? String(error)}`,
    data: { title: task.title },
  };
}

async function runTask(
  ctx: SuiteContext,
  setup: AgentRunSetup,
  task: AgentTask,
  settingsEnv: Record<string, string>,
  recordAs: string,
): Promise<TaskReport> {
  const session = await runSession({
    image: setup.image,
    claudeCodeVersion: setup.claudeCodeVersion,
    model: ctx.model,
    taskId: recordAs,
    prompt: task.prompt,
    files: task.files,
    budgets: task.budgets,
    upstream: ctx.options.host,
    server: ctx.server.advice,
    settingsEnv,
    runId: ctx.runId,
    serverContextTokens: setup.serverContextTokens,
    outDir: ctx.options.outDir,
    signal: ctx.signal,
  });
  try {
    // After Ctrl-C nothing is verified: the answer would be no verdict anyway, and each check starts a container.
    const aborted = () => session.stoppedBy === 'aborted' || ctx.signal.aborted;
    const verify = aborted()
      ? NOT_VERIFIED
      : await task.verify({
          dir: session.workspace,
          finalText: session.transcript.finalText,
          exec: (command) => runInWorkspace(setup.image, session.workspace, command, { signal: ctx.signal }),
        });
    const stoppedBy = aborted() ? 'aborted' : session.stoppedBy;
    const score = scoreTask({
      verify,
      stoppedBy,
      transcript: session.transcript,
      findings: session.findings,
      budgets: task.budgets,
      subagents: session.subagents,
    });
    return {
      task: task.id,
      score,
      seconds: session.run.seconds,
      turns: session.transcript.turns,
      toolCalls: session.transcript.toolCalls.map((call) => call.name),
      invalidToolCalls: invalidToolCalls(session.transcript).length,
      subagents: session.subagents,
      findings: session.findings,
      recordingFile: session.recordingFile,
    };
  } finally {
    await session.dispose();
  }
}

function taskMetric(ctx: SuiteContext, report: TaskReport, title: string): MetricInput {
  const { score } = report;
  const data = {
    title,
    seconds: Number(report.seconds.toFixed(1)),
    turns: report.turns,
    toolCalls: report.toolCalls,
    subagents: report.subagents,
    findings: report.findings.map((finding) => finding.name),
    recording: report.recordingFile,
  };
  if (score.passed) return { metric: `agent.${report.task}`, value: 1, status: 'pass', detail: score.detail, data };
  if (score.failure === 'interrupted')
    return { metric: `agent.${report.task}`, value: null, status: 'error', detail: score.detail, data };
  return {
    metric: `agent.${report.task}`,
    value: 0,
    status: 'fail',
    detail: `${score.failure}: ${score.detail}`,
    advice: score.failure ? failureAdvice(score.failure, ctx.server.advice, ctx.model) : undefined,
    data,
  };
}

/** Removes containers and relay volumes a crashed or killed run left behind (those of runs still going are spared). */
async function sweepLeftovers(ctx: SuiteContext): Promise<void> {
  const removed = await removeLeftovers({ orphansOnly: true });
  const what = describeSweep(removed);
  if (what) ctx.progress(`agent: removed ${what} left by an earlier run`);
}

/** Runs the tasks one by one and emits `agent.<id>` for each; returns the reports of those that ran. */
export async function runTasks(
  ctx: SuiteContext,
  setup: AgentRunSetup,
  tasks: readonly AgentTask[],
  settingsEnv: Record<string, string>,
): Promise<Map<string, TaskReport>> {
  const scored = await runProbePlan(ctx, {
    name: 'agent',
    probes: tasks,
    label: (task) => task.title,
    run: (task) => runTask(ctx, setup, task, settingsEnv, task.id),
    // The task is verified and scored inside its session (the checks need its workspace).
    score: (_task, report) => report.score,
    onScored: ({ probe: task, outcome: report }) => ctx.emit(taskMetric(ctx, report, task.title)),
    onError: (task, error) => ctx.emit(taskErrorMetric(task, error)), // one broken task costs its own record, not the others'
    // A session stopped by Ctrl-C is recorded as no verdict (taskMetric), not dropped.
    keepAborted: true,
  });
  return new Map(scored.map(({ probe: task, outcome: report }) => [task.id, report]));
}

/** The environment `bench launch` would start Claude Code with for this model (without the base URL). */
export function launchSettingsEnv(ctx: SuiteContext, setup: AgentRunSetup): Record<string, string> {
  const measurements = {
    ...earlierMeasurements(ctx),
    serverContextTokens: setup.serverContextTokens,
  };
  const plan = planLaunch({
    model: ctx.model,
    measurements,
    image: setup.image,
    networkMode: defaultNetworkMode(),
    backend: ctx.server.backend,
  });
  return claudeSettingsEnv(plan, setup.serverContextTokens);
}

/**
 * The task that shows whether the model names matter: any task a model may delegate to a subagent
 * with a model alias (sim-delegate does, with `model: "haiku"`); the first, cheapest one.
 */
export const MODEL_NAMES_TASK: AgentTask = AGENT_TASKS[0];

/**
 * Re-runs `task` without one group of bench launch's settings and emits `agent_settings_effect.<group>`
 * against `withSettings` (its run with all of them). false when the run was interrupted.
 */
export async function proveSettingsGroup(
  ctx: SuiteContext,
  setup: AgentRunSetup,
  settingsEnv: Record<string, string>,
  group: SettingGroup,
  task: AgentTask,
  withSettings: TaskReport,
): Promise<boolean> {
  ctx.progress(`agent: ${task.title}, without bench launch's ${group} settings`);
  let without: TaskReport;
  try {
    without = await runTask(ctx, setup, task, withoutGroup(settingsEnv, group), `${task.id}.without-${group}`);
  } catch (error) {
    ctx.emit({
      metric: `agent_settings_effect.${group}`,
      value: null,
      status: 'error',
      detail: `the comparison run could not run: ${(error as Error)?.message ?? String(error)}`,
    });
    return true;
  }
  if (without.score.failure === 'interrupted') return false;
  ctx.emit(settingsEffectMetric(group, ctx.model, withSettings, without));
  return true;
}

async function runAgentSuite(ctx: SuiteContext): Promise<void> {
  // The run's hardware summary asked Docker already; only a run without one (tests, library use) asks again.
  const docker = ctx.environment.hardware?.docker ?? (await dockerStatus());
  if (!docker.available) {
    ctx.emit({
      metric: 'agent_tasks_passed',
      value: null,
      status: 'error',
      detail: `agent suite not run: ${docker.detail}`,
      advice:
        'The agent suite runs Claude Code in a container: install or start Docker, then run `bench run --suites agent` again.',
    });
    return;
  }
  await sweepLeftovers(ctx);
  const claudeCodeVersion = ctx.options.claudeCodeVersion;
  let image: string;
  try {
    image = await ensureImage({
      claudeCodeVersion,
      signal: ctx.signal,
      onProgress: (message) => ctx.progress(message),
    });
  } catch (error) {
    ctx.emit({
      metric: 'claude_code_version',
      value: claudeCodeVersion,
      status: 'error',
      detail: (error as Error).message,
      advice:
        'The image is built from a local node:24-bookworm-slim and npm; check that both are reachable (bench never pulls images).',
    });
    return;
  }
  ctx.emit({ metric: 'claude_code_version', value: claudeCodeVersion, status: 'pass', detail: `image ${image}` });

  const setup: AgentRunSetup = { image, claudeCodeVersion, serverContextTokens: await serverContextOf(ctx) };
  const settingsEnv = launchSettingsEnv(ctx, setup);
  const longContext = longContextTask(setup.serverContextTokens);
  const reports = await runTasks(ctx, setup, [...AGENT_TASKS, longContext], settingsEnv);
  if (reports.size === 0) return;
  for (const metric of summaryMetrics([...reports.values()])) ctx.emit(metric);
  for (const metric of findingMetrics([...reports.values()])) ctx.emit(metric);

  // Do the settings matter? Each group is left out of the task that needs it (the rest stays as set):
  // the compaction window for the session longer than the server's context; the model names for
  // MODEL_NAMES_TASK (they change requests only when a subagent or a model alias is used).
  const proofs: [SettingGroup, AgentTask][] = [
    ['compaction', longContext],
    ['model_names', MODEL_NAMES_TASK],
  ];
  for (const [group, task] of proofs) {
    const withSettings = reports.get(task.id);
    if (ctx.signal.aborted || !withSettings) return;
    if (!(await proveSettingsGroup(ctx, setup, settingsEnv, group, task, withSettings))) return;
  }
}

export const agentSuite: Suite = {
  id: 'agent',
  title: 'Claude Code agent tasks',
  description: 'Real Claude Code in a container does small coding tasks with the model; needs Docker.',
  defaultOn: false,
  metrics: AGENT_METRICS,
  reads: Object.values(MEASURED_QUANTITIES),
  run: runAgentSuite,
};
