// The answer a run gives: per model one verdict, and which model to use, at which context, with
// which launch command. One rule, used by the console, report.md, `--json` and run.json's summary.
import { imageTag } from '../agent/image.js';
import { defaultNetworkMode, measurementsFromRecords, planLaunch, renderDockerRunLine } from '../launch/plan.js';
import type { LaunchPlan } from '../launch/plan.js';
import type { LaunchFacts } from '../run/metric.js';
import type { ResultRecord, RunFile, ServerInfo, Status } from '../types.js';
import type { Quantity } from '../run/metric.js';
import { ALL_SUITES } from '../../suites/index.js';
import { countsTowardVerdict, declarationOf, latestMeasured, measuring, metricName } from './metrics.js';
import { sessionCostLine } from '../../suites/session/advice.js';
import { STATUS_RANK, suiteVerdicts, worstStatus } from './verdict.js';

/** A warning or failure the launch settings take care of, and what it means with them. */
export interface SettledResult {
  suite: string;
  metric: string;
  status: Status;
  meaning: string;
}

export interface ModelAnswer {
  model: string;
  /** The worst suite verdict as measured now, ignoring skips (what the server cannot say is no verdict). */
  verdict: Status;
  suites: Record<string, Status>;
  /** The verdict once this model's launch settings are applied: results they take care of no longer count. */
  verdictWithLaunch: Status;
  settled: SettledResult[];
}

export interface Recommendation {
  model: string;
  /** The context to serve it at for Claude Code (what the launch sets). */
  contextTokens: number;
  why: string;
  launch: { env: Record<string, string>; serverCommand: string | null; dockerRun: string; claude: string };
  /** What a Claude Code session costs on this server (the session suite), when it ran. */
  sessionCost?: string;
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
  /** A `--quick` run: fewer probes, and what it left out (recorded as skip) is no verdict. */
  quick?: true;
}

/** The newest number of `model` for `quantity` (whichever suite measures it), or null. */
const numberOf = (records: readonly ResultRecord[], model: string, quantity: Quantity): number | null => {
  const value = latestMeasured(records, model, quantity)?.value;
  return typeof value === 'number' ? value : null;
};

const statusOf = (records: readonly ResultRecord[], model: string, quantity: Quantity): Status | null =>
  latestMeasured(records, model, quantity)?.status ?? null;

/** "add --suites X" for the suite that measures `quantity`. */
const addSuiteFor = (quantity: Quantity): string => {
  const suite = measuring(quantity)?.suite;
  return suite ? `add --suites ${suite}` : `no suite measures ${quantity}`;
};

/** "the X suite did not run: add --suites X" for the suite that measures `quantity`. */
const notRun = (quantity: Quantity): string => {
  const suite = measuring(quantity)?.suite;
  return suite ? `the ${suite} suite did not run: add --suites ${suite}` : `no suite measures ${quantity}`;
};

/** A model qualifies when its tool calls work (measured, not failing): without them Claude Code cannot act. */
function qualifies(records: readonly ResultRecord[], model: string): boolean {
  const tools = statusOf(records, model, 'toolUse');
  return tools === 'pass' || tools === 'warn';
}

/** Best first: a better verdict with its launch settings, better tool use, faster decode. */
function rank(records: readonly ResultRecord[], answers: readonly ModelAnswer[]): ModelAnswer[] {
  return [...answers].sort(
    (a, b) =>
      STATUS_RANK[a.verdictWithLaunch] - STATUS_RANK[b.verdictWithLaunch] ||
      (numberOf(records, b.model, 'toolUse') ?? 0) - (numberOf(records, a.model, 'toolUse') ?? 0) ||
      (numberOf(records, b.model, 'decodeRate') ?? 0) - (numberOf(records, a.model, 'decodeRate') ?? 0),
  );
}

function whyOf(records: readonly ResultRecord[], model: string, contextTokens: number): string {
  const parts: string[] = [];
  const tools = numberOf(records, model, 'toolUse');
  if (tools !== null) parts.push(`tool use ${Math.round(tools * 100)}%`);
  const decode = numberOf(records, model, 'decodeRate');
  if (decode !== null) parts.push(`decode ${decode.toFixed(1)} tokens/s`);
  const served = numberOf(records, model, 'servedContext');
  if (served !== null)
    parts.push(
      served >= contextTokens
        ? `served at ${served} tokens`
        : `served at only ${served} tokens now: raise it to ${contextTokens}`,
    );
  else
    parts.push(`context not measured: the settings assume ${contextTokens} tokens (${addSuiteFor('servedContext')})`);
  return parts.join(', ');
}

function launchPlanFor(run: RunFile, model: string): LaunchPlan {
  return planLaunch({
    model,
    measurements: measurementsFromRecords(run.records, model, ALL_SUITES),
    image: imageTag(run.options.claudeCodeVersion),
    networkMode: defaultNetworkMode(),
    backend: run.environment.server.backend,
  });
}

export function launchFactsOf(plan: LaunchPlan): LaunchFacts {
  const window = Number(plan.claudeEnv.CLAUDE_CODE_MAX_CONTEXT_TOKENS);
  return {
    servedContextTokens: plan.contextTokens,
    claudeWindowTokens: Number.isFinite(window) && window > 0 ? window : null,
    claudeEnv: plan.claudeEnv,
  };
}

/** The newest record per metric of a model (a resumed run may hold an older one). */
function latestOf(records: readonly ResultRecord[], model: string): ResultRecord[] {
  const byMetric = new Map<string, ResultRecord>();
  for (const record of records)
    if (record.model === model) byMetric.set(`${record.suite}\u0000${record.metric}`, record);
  return [...byMetric.values()];
}

/** A model's verdict with its launch settings applied: what they settle drops out, with its meaning kept. */
function withLaunch(
  records: readonly ResultRecord[],
  model: string,
  launch: LaunchFacts,
): { verdict: Status; settled: SettledResult[] } {
  const settled: SettledResult[] = [];
  const counted: Status[] = [];
  for (const record of latestOf(records, model)) {
    if (!countsTowardVerdict(record) || record.status === 'skip') continue;
    const meaning =
      STATUS_RANK[record.status] >= STATUS_RANK.warn && record.status !== 'error'
        ? declarationOf(record.suite, record.metric)?.settledBy?.(record, launch)
        : null;
    if (meaning) settled.push({ suite: record.suite, metric: record.metric, status: record.status, meaning });
    else counted.push(record.status);
  }
  return { verdict: counted.length ? worstStatus(counted) : 'skip', settled };
}

export function answerOf(run: RunFile, outDir: string): RunAnswer {
  const records = run.records;
  const plans = new Map<string, LaunchPlan>();
  const planOf = (model: string): LaunchPlan =>
    plans.get(model) ?? plans.set(model, launchPlanFor(run, model)).get(model)!;
  const models: ModelAnswer[] = [...suiteVerdicts(records)].map(([model, suites]) => {
    const judged = [...suites.values()].filter((s) => s !== 'skip');
    const launched = withLaunch(records, model, launchFactsOf(planOf(model)));
    return {
      model,
      verdict: judged.length ? worstStatus(judged) : 'skip',
      suites: Object.fromEntries(suites),
      verdictWithLaunch: launched.verdict,
      settled: launched.settled,
    };
  });
  const base = {
    runId: run.runId,
    outDir,
    simulated: run.environment.simulated,
    server: run.environment.server,
    models,
    ...(run.options.quick ? { quick: true as const } : {}),
  };
  const candidates = rank(
    records,
    models.filter((m) => qualifies(records, m.model)),
  );
  const best = candidates[0];
  if (!best || run.environment.interrupted) {
    const tested = models.some((m) => statusOf(records, m.model, 'toolUse') !== null);
    const missing = run.environment.interrupted
      ? 'the run was interrupted: resume it (bench run --resume) before choosing a model'
      : tested
        ? `no model's tool calls work well enough for Claude Code (${metricName('toolUse')} fails or could not be measured): try a model fine-tuned for tool calling, e.g. qwen2.5-coder or qwen3-coder`
        : `${notRun('toolUse')} to learn which model can drive Claude Code`;
    return { ...base, recommendation: null, missing };
  }
  const plan = planOf(best.model);
  const env = plan.claudeEnv;
  const claude = `${Object.entries(env)
    .map(([name, value]) => `${name}=${value === '' ? "''" : value}`)
    .join(' ')} claude --model ${best.model}`;
  return {
    ...base,
    recommendation: {
      model: best.model,
      contextTokens: plan.contextTokens,
      why: whyOf(records, best.model, plan.contextTokens),
      launch: { env, serverCommand: plan.serverChange?.command ?? null, dockerRun: renderDockerRunLine(plan), claude },
      ...optionalSessionCost(records, best.model),
    },
    missing: null,
  };
}

function optionalSessionCost(records: readonly ResultRecord[], model: string): { sessionCost?: string } {
  const line = sessionCostLine(records, model);
  return line ? { sessionCost: line } : {};
}

/** What the launch settings take care of, as sentences (the winner's ⚠️ that the settings account for). */
function settledLines(model: ModelAnswer | undefined): string[] {
  if (!model || model.settled.length === 0) return [];
  return model.settled.map((s) => `${s.suite} / ${s.metric} (${s.status} as served now): ${s.meaning}`);
}

/** The answer as Markdown, for the top of report.md. */
export function answerMarkdown(answer: RunAnswer): string {
  const lines = ['## The answer', ''];
  const rec = answer.recommendation;
  if (!rec) {
    lines.push(`No model to recommend: ${answer.missing}.`);
    return lines.join('\n');
  }
  const model = answer.models.find((m) => m.model === rec.model);
  lines.push(`**Use \`${rec.model}\` at ${rec.contextTokens} tokens of context** — ${rec.why}.`);
  if (model) {
    const now = `${STATUS_WORD[model.verdict]} as served now`;
    lines.push(
      '',
      model.verdict === model.verdictWithLaunch
        ? `Verdict: ${STATUS_WORD[model.verdict]}.`
        : `Verdict: ${STATUS_WORD[model.verdictWithLaunch]} with the settings below (${now}):`,
    );
    for (const line of settledLines(model)) lines.push(`- ${line}`);
  }
  if (rec.sessionCost) lines.push('', rec.sessionCost);
  lines.push('');
  if (rec.launch.serverCommand)
    lines.push('1. Serve it:', '', '   ```bash', `   ${rec.launch.serverCommand}`, '   ```', '');
  lines.push(
    `${rec.launch.serverCommand ? '2' : '1'}. Start Claude Code in its container (\`bench launch --model ${rec.model} --write DIR\` writes the image's Dockerfile and this line):`,
    '',
    '   ```bash',
    `   ${rec.launch.dockerRun}`,
    '   ```',
    '',
    '   or without Docker:',
    '',
    '   ```bash',
    `   ${rec.launch.claude}`,
    '   ```',
  );
  return lines.join('\n');
}

const STATUS_WORD: Record<Status, string> = {
  pass: '✅ pass',
  warn: '⚠️ warn',
  fail: '❌ fail',
  error: '💥 error',
  skip: '⏭ skip',
};

/** The answer as console lines. */
export function answerLines(answer: RunAnswer): string[] {
  const rec = answer.recommendation;
  if (!rec) return [`No model to recommend: ${answer.missing}.`];
  const model = answer.models.find((m) => m.model === rec.model);
  const verdict =
    model && model.verdict !== model.verdictWithLaunch
      ? ` — ${model.verdictWithLaunch} with these settings (${model.verdict} as served now)`
      : '';
  return [
    `Use ${rec.model} at ${rec.contextTokens} tokens of context (${rec.why})${verdict}.`,
    ...settledLines(model).map((line) => `  note:   ${line}`),
    ...(rec.sessionCost ? [`  cost:   ${rec.sessionCost}`] : []),
    ...(rec.launch.serverCommand ? [`  serve:  ${rec.launch.serverCommand}`] : []),
    `  claude: ${rec.launch.claude}`,
    `  docker: ${rec.launch.dockerRun}`,
  ];
}
