// The answer a run gives: per model one verdict, and which model to use, at which context, with
// which launch command. One rule, used by the console, report.md, `--json` and run.json's summary.
import { imageTag } from '../agent/image.js';
import { measurementsFromRecords, planLaunch, renderDockerRunLine } from '../agent/launch.js';
import { defaultNetworkMode } from '../agent/container.js';
import type { ResultRecord, RunFile, ServerInfo, Status } from '../types.js';
import { STATUS_RANK, suiteVerdicts, worstStatus } from './verdict.js';

export interface ModelAnswer {
  model: string;
  /** The worst suite verdict, ignoring skips (what the server cannot say is no verdict). */
  verdict: Status;
  suites: Record<string, Status>;
}

export interface Recommendation {
  model: string;
  /** The context to serve it at for Claude Code (what the launch sets). */
  contextTokens: number;
  why: string;
  launch: { env: Record<string, string>; serverCommand: string | null; dockerRun: string; claude: string };
}

export interface RunAnswer {
  runId: string;
  outDir: string;
  simulated: boolean;
  server: ServerInfo;
  models: ModelAnswer[];
  recommendation: Recommendation | null;
  /** When nothing is recommended: what is missing, and the nearest fix. */
  missing: string | null;
}

const numberOf = (records: readonly ResultRecord[], model: string, metric: string): number | null => {
  const record = records.findLast((r) => r.model === model && r.metric === metric && typeof r.value === 'number');
  return record ? (record.value as number) : null;
};

const statusOf = (records: readonly ResultRecord[], model: string, metric: string): Status | null =>
  records.findLast((r) => r.model === model && r.metric === metric)?.status ?? null;

/** A model qualifies when its tool calls work (measured, not failing): without them Claude Code cannot act. */
function qualifies(records: readonly ResultRecord[], model: string): boolean {
  const tools = statusOf(records, model, 'tool_use_score');
  return tools === 'pass' || tools === 'warn';
}

/** Best first: fewer failing suites, better tool use, faster decode. */
function rank(records: readonly ResultRecord[], answers: readonly ModelAnswer[]): ModelAnswer[] {
  const fails = (a: ModelAnswer) => Object.values(a.suites).filter((s) => STATUS_RANK[s] >= STATUS_RANK.fail).length;
  return [...answers].sort(
    (a, b) =>
      fails(a) - fails(b) ||
      (numberOf(records, b.model, 'tool_use_score') ?? 0) - (numberOf(records, a.model, 'tool_use_score') ?? 0) ||
      (numberOf(records, b.model, 'decode_tps') ?? 0) - (numberOf(records, a.model, 'decode_tps') ?? 0),
  );
}

function whyOf(records: readonly ResultRecord[], model: string, contextTokens: number): string {
  const parts: string[] = [];
  const tools = numberOf(records, model, 'tool_use_score');
  if (tools !== null) parts.push(`tool use ${Math.round(tools * 100)}%`);
  const decode = numberOf(records, model, 'decode_tps');
  if (decode !== null) parts.push(`decode ${decode.toFixed(1)} tokens/s`);
  const served = numberOf(records, model, 'server_context_tokens');
  if (served !== null) parts.push(served >= contextTokens ? `served at ${served} tokens` : `served at only ${served} tokens now: raise it to ${contextTokens}`);
  return parts.join(', ');
}

export function answerOf(run: RunFile, outDir: string): RunAnswer {
  const records = run.records;
  const models: ModelAnswer[] = [...suiteVerdicts(records)].map(([model, suites]) => {
    const judged = [...suites.values()].filter((s) => s !== 'skip');
    return { model, verdict: judged.length ? worstStatus(judged) : 'skip', suites: Object.fromEntries(suites) };
  });
  const base = { runId: run.runId, outDir, simulated: run.environment.simulated, server: run.environment.server, models };
  const candidates = rank(records, models.filter((m) => qualifies(records, m.model)));
  const best = candidates[0];
  if (!best || run.environment.interrupted) {
    const tested = models.some((m) => statusOf(records, m.model, 'tool_use_score') !== null);
    const missing = run.environment.interrupted
      ? 'the run was interrupted: resume it (bench run --resume) before choosing a model'
      : tested
        ? "no model's tool calls work well enough for Claude Code (tool_use_score fails or could not be measured): try a model fine-tuned for tool calling, e.g. qwen2.5-coder or qwen3-coder"
        : 'the tool-use suite did not run: add --suites tool-use to learn which model can drive Claude Code';
    return { ...base, recommendation: null, missing };
  }
  const backend = run.environment.server.backend;
  const plan = planLaunch({ model: best.model, measurements: measurementsFromRecords(records, best.model), image: imageTag(run.options.claudeCodeVersion), networkMode: defaultNetworkMode(), backend });
  const env = plan.claudeEnv;
  const claude = `${Object.entries(env).map(([name, value]) => `${name}=${value === '' ? "''" : value}`).join(' ')} claude --model ${best.model}`;
  return {
    ...base,
    recommendation: {
      model: best.model,
      contextTokens: plan.contextTokens,
      why: whyOf(records, best.model, plan.contextTokens),
      launch: { env, serverCommand: plan.serverChange?.command ?? null, dockerRun: renderDockerRunLine(plan), claude },
    },
    missing: null,
  };
}

/** The answer as Markdown, for the top of report.md. */
export function answerMarkdown(answer: RunAnswer): string {
  const lines = ['## The answer', ''];
  const rec = answer.recommendation;
  if (!rec) {
    lines.push(`No model to recommend: ${answer.missing}.`);
    return lines.join('\n');
  }
  lines.push(`**Use \`${rec.model}\` at ${rec.contextTokens} tokens of context** — ${rec.why}.`, '');
  if (rec.launch.serverCommand) lines.push('Serve it with:', '', '```bash', rec.launch.serverCommand, '```', '');
  lines.push('Start Claude Code (image built by `bench launch --write DIR`):', '', '```bash', rec.launch.dockerRun, '```', '', 'or, without Docker:', '', '```bash', rec.launch.claude, '```');
  return lines.join('\n');
}

/** The answer as console lines. */
export function answerLines(answer: RunAnswer): string[] {
  const rec = answer.recommendation;
  if (!rec) return [`No model to recommend: ${answer.missing}.`];
  return [
    `Use ${rec.model} at ${rec.contextTokens} tokens of context (${rec.why}).`,
    ...(rec.launch.serverCommand ? [`  serve:  ${rec.launch.serverCommand}`] : []),
    `  claude: ${rec.launch.claude}`,
    `  docker: ${rec.launch.dockerRun}`,
  ];
}
