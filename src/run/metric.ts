// What a suite says about each metric it writes: its unit, which way is better, whether it is a
// verdict or a fact, where it appears at a glance and on which chart, and which of the quantities
// the harness reasons about it measures. Reporters, charts, the answer, the launch settings,
// `bench recommend` and `bench compare` read these declarations instead of knowing metric names.
import type { ResultRecord } from '../types.js';

/** Which way is better, as `bench compare` judges a change; `none`: a change is shown, never judged. */
export type MetricDirection = 'higher' | 'lower' | 'none';

/**
 * The quantities the harness itself reasons about, whichever suite measures them: the answer ranks
 * models by tool use and decode rate, the launch settings size the context from the served,
 * effective, claimed and in-VRAM contexts, `bench recommend` reads the memory a model loaded with.
 * A suite says which of its metrics measures one (`measures`); a suite that reads one from an
 * earlier suite declares it (`Suite.reads`), and the runner runs the measuring suite first.
 */
export const QUANTITIES = [
  /** Share of tool-use probes passed: can the model drive Claude Code's tools at all. */
  'toolUse',
  /** Tokens/s while writing the answer. */
  'decodeRate',
  /** Tokens/s while reading the prompt. */
  'prefillRate',
  /** The context the server runs the model at for Claude Code's requests. */
  'servedContext',
  /** The longest context at which the model still recalls what it was given. */
  'effectiveContext',
  /** The context the model was trained for. */
  'claimedContext',
  /** The longest context that fits in VRAM. */
  'vramContext',
  /** Bytes the server loaded on the GPU (the record's `data.num_ctx` says at which context). */
  'gpuBytes',
  /** Bytes the server loaded in system RAM (spilled off the GPU). */
  'ramBytes',
  /** Share of a replayed Claude Code session's prompt tokens the server served from its cache (turns 2–10). */
  'sessionCacheReuse',
  /** The same, replaying the session recorded with the cache-saving settings. */
  'sessionCacheReuseWithSettings',
  /** Turn 10's time to first token without ÷ with the cache-saving settings. */
  'sessionSpeedup',
  /** Turn 10's time to first token of the replayed session (ms). */
  'sessionTurn10Ttft',
  /** The same with the cache-saving settings. */
  'sessionTurn10TtftWithSettings',
] as const;
export type Quantity = (typeof QUANTITIES)[number];

/** The charts report.md draws; each chart draws the metrics placed on it. */
export type ChartKind =
  /** Tokens per second, one log-scale panel per metric, with its pass and warn lines (`limits`). */
  | 'rates'
  /** Shares of probes passed as a heat map, one column per metric (a family: one per member). */
  | 'matrix'
  /** Context lengths as bars, against the context Claude Code needs. */
  | 'contexts'
  /** Memory: the predicted size and what the server loaded (on the GPU, spilled to RAM). */
  | 'footprint'
  /** Per-turn lines (a record's `data.turns`: `{turn, ttftMs}`), one per model and placed metric. */
  | 'turns';

export interface ChartPlacement {
  chart: ChartKind;
  /** Its name on the chart: a panel heading, a series, a column. A family's columns are named by their members. */
  label?: string;
  /** matrix: the overall column, drawn last and bold. */
  overall?: boolean;
  /** footprint: which bar it is. */
  part?: 'predicted' | 'loaded' | 'spilled';
  /** turns: how its line is drawn (the first placed metric solid, a variant dashed). */
  line?: 'solid' | 'dashed';
  /** For a family: the one member the chart draws (e.g. the prediction at 64K). */
  member?: string;
  /** Where it goes among the chart's series, lowest first (default: declaration order). */
  rank?: number;
}

/** How a metric's status is meant. */
export type MetricRole =
  /** Judged against thresholds: its status is the model's verdict on that point. */
  | 'verdict'
  /** A measured fact (a size, a time, a trained context): a pass only means "measured", shown as info. */
  | 'fact'
  /** About the harness or the run (prediction accuracy, model time spent): never part of a model's verdict. */
  | 'harness';

/** Facts about the launch the answer recommends, for metrics the launch settings account for. */
export interface LaunchFacts {
  /** Context the server will run the model at once the launch's server setting is applied. */
  servedContextTokens: number;
  /** Claude Code's window (CLAUDE_CODE_MAX_CONTEXT_TOKENS) in the launch. */
  claudeWindowTokens: number | null;
  /** The environment the launch gives Claude Code. */
  claudeEnv: Readonly<Record<string, string>>;
}

export interface MetricDeclaration {
  /** The metric name, or a family: `predicted_bytes@` matches `predicted_bytes@4096`, `tool_use.` matches `tool_use.simple`. */
  name: string;
  unit: string;
  direction: MetricDirection;
  role: MetricRole;
  /** Thresholds in words ("pass ≥ 20 tokens/s, warn ≥ 8"), for legends and the README. */
  thresholds?: string;
  /** The same thresholds as numbers (≥ for `higher`, ≤ for `lower`), where a chart draws them as lines. */
  limits?: { pass: number; warn: number };
  /** The quantity of the harness this metric measures (at most one metric per quantity). */
  measures?: Quantity;
  /** The chart that draws it. */
  chart?: ChartPlacement;
  /** A column of the at-a-glance numbers table (console and report.md): its short header. */
  glance?: string;
  /** A summary metric that speaks for this one: when it warns or fails, "What to do" shows only it (with its advice). */
  summarizedBy?: string;
  /**
   * When a warn/fail of this metric is something the recommended launch settings take care of
   * (the server's context raised, Claude Code told its window), what it means with them; else null.
   */
  settledBy?: (record: ResultRecord, launch: LaunchFacts) => string | null;
}

/** Whether `declaration` covers `metric` (exactly, or as a family). */
export function declares(declaration: Pick<MetricDeclaration, 'name'>, metric: string): boolean {
  const { name } = declaration;
  if (name.endsWith('@') || name.endsWith('.')) return metric.startsWith(name);
  return metric === name;
}

/** The declaration of `metric` among `declarations`: an exact name first, then the longest family. */
export function findDeclaration(
  declarations: readonly MetricDeclaration[],
  metric: string,
): MetricDeclaration | undefined {
  const exact = declarations.find((d) => d.name === metric);
  if (exact) return exact;
  return declarations.filter((d) => declares(d, metric)).sort((a, b) => b.name.length - a.name.length)[0];
}

/** What the declaration helpers need of a suite: its id and its declarations. */
export interface DeclaringSuite {
  readonly id: string;
  readonly metrics?: readonly MetricDeclaration[];
  /** Quantities the suite reads from suites that ran before it for the same model. */
  readonly reads?: readonly Quantity[];
}

/** A declaration with the suite that made it. */
export interface DeclaredMetric {
  suite: string;
  declaration: MetricDeclaration;
}

/** The declaration of `metric` as `suite` declares it, among `suites`. */
export function declarationIn(
  suites: readonly DeclaringSuite[],
  suite: string,
  metric: string,
): MetricDeclaration | undefined {
  const declarations = suites.find((s) => s.id === suite)?.metrics;
  return declarations ? findDeclaration(declarations, metric) : undefined;
}

/** The metric that measures `quantity`: the first suite (in the order given) that declares one. */
export function metricMeasuring(suites: readonly DeclaringSuite[], quantity: Quantity): DeclaredMetric | undefined {
  for (const suite of suites) {
    const declaration = suite.metrics?.find((d) => d.measures === quantity);
    if (declaration) return { suite: suite.id, declaration };
  }
  return undefined;
}

/** The metrics placed on `chart`, in suite order, then declaration order. */
export function metricsOnChart(suites: readonly DeclaringSuite[], chart: ChartKind): DeclaredMetric[] {
  return suites.flatMap((suite) =>
    (suite.metrics ?? [])
      .filter((d) => d.chart?.chart === chart)
      .map((declaration) => ({ suite: suite.id, declaration })),
  );
}

/** Whether `record` is of `declared` (its suite, and its metric or a member of its family). */
export function isOf(record: Pick<ResultRecord, 'suite' | 'metric'>, declared: DeclaredMetric): boolean {
  return record.suite === declared.suite && declares(declared.declaration, record.metric);
}

/** A measured number: finite, of a record that is neither an error nor a skip. */
export function measuredNumber(record: ResultRecord | undefined): number | null {
  if (!record || record.status === 'error' || record.status === 'skip') return null;
  return typeof record.value === 'number' && Number.isFinite(record.value) ? record.value : null;
}

/**
 * The newest record of `model` that measures `quantity` (records in time order, oldest first),
 * or undefined when no suite declares it or no record has it. `usable` narrows it to measured numbers.
 */
export function latestOf(
  records: readonly ResultRecord[],
  model: string,
  suites: readonly DeclaringSuite[],
  quantity: Quantity,
  { usable = false }: { usable?: boolean } = {},
): ResultRecord | undefined {
  const declared = metricMeasuring(suites, quantity);
  if (!declared) return undefined;
  return records.findLast(
    (record) => record.model === model && isOf(record, declared) && (!usable || measuredNumber(record) !== null),
  );
}
