// Turns scored probes into the suite's records: one ratio per category and the overall score,
// with failure modes counted, the server's reason when requests failed, and what to do about it.
// Probes whose request never got an answer are not the model's fault: counted apart, not scored,
// and under the harness's coverage rule (src/run/coverage.ts) too few answers give no verdict.
import { ollamaAdvice } from '../../src/servers/ollama.js';
import type { ServerAdvice } from '../../src/servers/types.js';
import { applyCoverage } from '../../src/run/coverage.js';
import { round } from '../../src/shared/stats.js';
import type { Coverage, MetricInput, Status } from '../../src/types.js';
import { renderOutcome } from './reply.js';
import {
  CATEGORIES,
  type Category,
  type FailureMode,
  type Probe,
  type ProbeOutcome,
  type ProbeScore,
} from './types.js';

export interface ScoredProbe {
  probe: Probe;
  outcome: ProbeOutcome;
  score: ProbeScore;
}

/** Fraction of probes passed: ≥ 0.9 pass, ≥ 0.6 warn, else fail. */
export const THRESHOLDS = { pass: 0.9, warn: 0.6 } as const;

export function statusOf(ratio: number): Status {
  if (ratio >= THRESHOLDS.pass) return 'pass';
  if (ratio >= THRESHOLDS.warn) return 'warn';
  return 'fail';
}

/** The server the advice is for: Ollama, llama-server or another /v1/messages server. */
export interface AdviceTarget {
  server: ServerAdvice;
  model: string;
}

const TEMPLATE_CHECK: Record<string, string> = {
  Ollama: 'Check the chat template (`ollama show --template <model>`) handles tools',
  'llama-server':
    "Check llama-server runs with `--jinja` and a chat template that handles tools (the GGUF's own, or `--chat-template-file`)",
};

function serverAdvice(mode: FailureMode, target: AdviceTarget): string | null {
  const name = target.server.serverName;
  if (mode === 'http_error')
    return `Some requests failed at the server (see the reason); check the ${name} log — a crashing or out-of-memory model runner fails Claude Code the same way.`;
  if (mode === 'stream_malformed')
    return `Streamed replies are broken (no message_stop, or no stop_reason "tool_use" after a tool call); Claude Code streams every turn. Update ${name} and check its log.`;
  if (mode === 'tool_call_as_text') {
    return `The model writes tool calls as text instead of real tool calls, so Claude Code never runs them. ${TEMPLATE_CHECK[name] ?? "Check the server's chat template handles tools"}, or try a model fine-tuned for tool calling.`;
  }
  return null;
}

const ADVICE: Record<Exclude<FailureMode, 'http_error' | 'stream_malformed' | 'tool_call_as_text'>, string> = {
  no_tool_call:
    'The model answers in prose where a tool call was needed; Claude Code will stall. Try a larger model or one fine-tuned for tool calling.',
  invalid_json:
    'Tool arguments are not valid JSON; Claude Code rejects such calls. Try a larger model or a less aggressive quantisation.',
  schema_violation:
    "Tool arguments do not fit the tool's schema (missing required fields, wrong types); Claude Code rejects such calls. Try a larger model or a less aggressive quantisation.",
  wrong_tool: 'The model picks the wrong tool for plain requests. Try a larger or more capable coding model.',
  wrong_args:
    'The model calls the right tool with the wrong values (e.g. relative paths where absolute ones are required). Try a larger or more capable coding model.',
  missing_call:
    'The model makes fewer calls than asked (e.g. one of two independent calls); Claude Code works, but slower.',
  unexpected_call:
    'The model calls tools when none is needed, or more than asked: under Claude Code it will take actions nobody asked for.',
  ignored_result:
    'The model does not use tool results (or errors) in its answer; multi-step work will go wrong. Try a larger model.',
};

const NO_TOOLS_ADVICE =
  'Ollama says this model does not support tools (its template has no tool calling), so Claude Code cannot work with it at all: pick a model whose `ollama show <model>` lists the `tools` capability.';

const longPromptAdvice = (target: AdviceTarget) =>
  `Short probes pass but Claude Code-sized prompts fail: the model's context is probably too small for Claude Code's ~13K-token first request (the Messages API never sets the context): ${target.server.raiseContext(target.model, 32768)} (32768 or more).`;

const notMeasuredAdvice = (target: AdviceTarget) =>
  `Some probes got no answer at all (the server was unreachable, too slow, or the run was stopped), so they are left out of the score; check that ${target.server.serverName} is running and its log, then rerun with --resume.`;

const DEFAULT_TARGET: AdviceTarget = { server: ollamaAdvice, model: '<model>' };

const measuredOf = (scored: readonly ScoredProbe[]) => scored.filter((item) => item.score.measured);
const passedOf = (scored: readonly ScoredProbe[]) => scored.filter((item) => item.score.passed).length;
/** Fraction passed of the probes that got an answer; null when none did. */
const ratioOf = (scored: readonly ScoredProbe[]): number | null => {
  const measured = measuredOf(scored);
  return measured.length > 0 ? passedOf(measured) / measured.length : null;
};

/** Failure modes with counts, most frequent first: `tool_call_as_text×5, wrong_args×1`. */
export function failureCounts(scored: readonly ScoredProbe[]): Array<[FailureMode, number]> {
  const counts = new Map<FailureMode, number>();
  for (const { score } of scored) if (score.failure) counts.set(score.failure, (counts.get(score.failure) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

/** A failed request's reason without our "POST /v1/messages <model>:" prefix. */
const withoutRequest = (reason: string): string => reason.replace(/^POST \S+(?: \(stream\))? \S+: /, '');

/** The server's own words for the first HTTP failure. */
function serverReason(scored: readonly ScoredProbe[]): string | null {
  const failed = scored.find((item) => item.score.failure === 'http_error');
  return failed ? withoutRequest(failed.score.reason) : null;
}

/** `not measured: 3 (connection refused …)`, or '' when every probe got an answer. */
function notMeasuredNote(scored: readonly ScoredProbe[]): string {
  const unmeasured = scored.filter((item) => !item.score.measured);
  return unmeasured.length > 0
    ? `not measured: ${unmeasured.length} (${withoutRequest(unmeasured[0].score.reason)})`
    : '';
}

function detailOf(scored: readonly ScoredProbe[]): string {
  const measured = measuredOf(scored);
  const notMeasured = notMeasuredNote(scored);
  if (measured.length === 0) return notMeasured;
  const counts = failureCounts(measured);
  const modes = counts.map(([mode, count]) => `${mode}×${count}`).join(', ');
  const reason = serverReason(measured);
  const verdict = `${passedOf(measured)}/${measured.length} passed${modes ? `; ${modes}` : ''}${reason ? ` (http_error: ${reason})` : ''}`;
  return notMeasured ? `${verdict}; ${notMeasured}` : verdict;
}

function adviceOf(scored: readonly ScoredProbe[], target: AdviceTarget): string | undefined {
  const noTools = /does not support tools/i.test(serverReason(scored) ?? '');
  const advice = failureCounts(scored)
    .slice(0, 2)
    .map(([mode]) =>
      mode === 'http_error' && noTools
        ? NO_TOOLS_ADVICE
        : (serverAdvice(mode, target) ?? ADVICE[mode as keyof typeof ADVICE]),
    );
  if (scored.some((item) => !item.score.measured)) advice.push(notMeasuredAdvice(target));
  return advice.length > 0 ? advice.join(' ') : undefined;
}

function failedProbes(scored: readonly ScoredProbe[]) {
  return measuredOf(scored)
    .filter((item) => !item.score.passed)
    .map((item) => ({
      id: item.probe.id,
      category: item.probe.category,
      failure: item.score.failure,
      reason: item.score.reason,
      reply: renderOutcome(item.outcome),
    }));
}

function notMeasuredProbes(scored: readonly ScoredProbe[]) {
  return scored
    .filter((item) => !item.score.measured)
    .map((item) => ({ id: item.probe.id, category: item.probe.category, reason: item.score.reason }));
}

/** Value and status over the probes that got an answer; an error with no value when none did. */
function verdictOf(scored: readonly ScoredProbe[]): Pick<MetricInput, 'value' | 'status'> {
  const ratio = ratioOf(scored);
  return ratio === null ? { value: null, status: 'error' } : { value: round(ratio, 3), status: statusOf(ratio) };
}

/** Why probes went unanswered, in a few words, for the coverage rule's detail. */
function whyUnanswered(scored: readonly ScoredProbe[], planned: number): string {
  const kinds = new Set(
    scored.filter((item) => !item.score.measured).map((item) => (item.outcome.ok ? null : item.outcome.kind)),
  );
  const reasons: string[] = [];
  if (kinds.has('unreachable')) reasons.push('the server stopped answering');
  if (kinds.has('timeout')) reasons.push('requests timed out');
  if (kinds.has('aborted') || scored.length < planned) reasons.push('the run was stopped before every probe ran');
  return reasons.join('; ') || 'the server stopped answering';
}

/** Answered of planned probes, for the harness's coverage rule (src/run/coverage.ts). */
function coverageOf(scored: readonly ScoredProbe[], planned: number): Coverage {
  return { answered: measuredOf(scored).length, asked: planned, why: whyUnanswered(scored, planned) };
}

function countsOf(scored: readonly ScoredProbe[]) {
  return {
    passed: passedOf(scored),
    total: measuredOf(scored).length,
    notMeasured: notMeasuredProbes(scored),
    failedProbes: failedProbes(scored),
  };
}

function categoryMetric(
  category: Category,
  scored: readonly ScoredProbe[],
  planned: number,
  target: AdviceTarget,
): MetricInput {
  const advice = adviceOf(scored, target);
  return applyCoverage({
    metric: `tool_use.${category}`,
    ...verdictOf(scored),
    unit: 'ratio',
    detail: detailOf(scored),
    ...(advice ? { advice } : {}),
    data: countsOf(scored),
    coverage: coverageOf(scored, planned),
  });
}

/**
 * One record per category that ran, then `tool_use_score`. `planned` is the probes meant to run (or
 * just their number); fewer scored means the run was interrupted, and the detail says so. Each
 * ratio is under the coverage rule: probes that never got an answer count as asked, not answered.
 */
export function buildMetrics(
  scored: readonly ScoredProbe[],
  planned: number | readonly Probe[] = scored.length,
  target: AdviceTarget = DEFAULT_TARGET,
): MetricInput[] {
  if (scored.length === 0) return [];
  const plannedCount = typeof planned === 'number' ? planned : planned.length;
  const plannedIn = (category: Category, inCategory: readonly ScoredProbe[]) =>
    typeof planned === 'number' ? inCategory.length : planned.filter((probe) => probe.category === category).length;
  const byCategory = new Map<Category, ScoredProbe[]>();
  for (const category of CATEGORIES) {
    const inCategory = scored.filter((item) => item.probe.category === category);
    if (inCategory.length > 0) byCategory.set(category, inCategory);
  }
  const metrics = [...byCategory].map(([category, inCategory]) =>
    categoryMetric(category, inCategory, plannedIn(category, inCategory), target),
  );

  const answered = (category: Category) => measuredOf(byCategory.get(category) ?? []);
  const simpleOk = answered('simple').every((item) => item.score.passed);
  // A long prompt refused as over the context counts too: that is the context being too small.
  const overContext = (item: ScoredProbe) =>
    item.score.failure === 'http_error' &&
    /exceeds the available context|longer than the context/i.test(item.score.reason);
  const longFailed = answered('long_prompt').some(
    (item) => !item.score.passed && (item.score.failure !== 'http_error' || overContext(item)),
  );
  const advice = [simpleOk && longFailed ? longPromptAdvice(target) : undefined, adviceOf(scored, target)]
    .filter(Boolean)
    .join(' ');
  const interrupted =
    scored.length < plannedCount ? `interrupted after ${scored.length} of ${plannedCount} probes; ` : '';
  const { failedProbes: failedList, notMeasured, ...counts } = countsOf(scored);
  metrics.push(
    applyCoverage({
      metric: 'tool_use_score',
      ...verdictOf(scored),
      unit: 'ratio',
      detail: interrupted + detailOf(scored),
      ...(advice ? { advice } : {}),
      coverage: coverageOf(scored, plannedCount),
      data: {
        ...counts,
        planned: plannedCount,
        byCategory: Object.fromEntries(
          metrics.map((metric) => [metric.metric.replace(/^tool_use\./, ''), metric.value]),
        ),
        failures: Object.fromEntries(failureCounts(scored)),
        failedProbes: failedList,
        notMeasured,
      },
    }),
  );
  return metrics;
}
