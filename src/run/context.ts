// Builds the SuiteContext a suite runs in: targets for one host, a record sink, progress, a signal.
import { createServer } from '../servers/registry.js';
import type { BackendId } from '../servers/types.js';
import type { CostFigures, MetricInput, ResultRecord, RunEnvironment, RunOptions, SuiteId } from '../types.js';
import { CostMeter } from './cost.js';
import { createLoadPlanner } from './loads.js';
import { MeteredMessages, MeteredServer } from './metered.js';
import { applyCoverage } from './coverage.js';
import { latestOf, type DeclaringSuite, type Quantity } from './metric.js';
import type { SuiteContext } from './suite.js';

export const DEFAULT_OPTIONS: Omit<RunOptions, 'models' | 'suites' | 'host' | 'outDir' | 'simulated'> = {
  backend: 'auto',
  reps: 3,
  parallel: 1,
  timeoutMs: 120_000,
  failOn: null,
  claudeCodeVersion: '2.1.332',
};

export interface SuiteContextInit {
  model: string;
  suite: SuiteId;
  runId: string;
  options: RunOptions;
  environment: RunEnvironment;
  signal?: AbortSignal;
  /** Called with every record as it is made (the runner appends it to records.jsonl). */
  onRecord: (record: ResultRecord) => void;
  onProgress?: (message: string) => void;
  /** Records from earlier suites of this run or resumed runs. */
  earlier?: () => readonly ResultRecord[];
  /** The run's suites: their declarations answer `ctx.measured`, and this suite's `reads` says what it may ask. */
  suites?: readonly DeclaringSuite[];
  /** The run's cost meter (what is loaded where, shared by the suites) and this suite attempt's tally; a context of its own when not given. */
  cost?: { meter: CostMeter; figures: CostFigures };
}

/** Raised when a suite reads a quantity it does not declare in `reads` (its order would be an unstated dependency). */
export class UndeclaredReadError extends Error {}

/** A record of one metric, after the coverage rule (src/run/coverage.ts). */
export function recordOf(init: Pick<SuiteContextInit, 'runId' | 'model' | 'suite'>, input: MetricInput): ResultRecord {
  const metric = applyCoverage(input);
  return {
    run_id: init.runId,
    model: init.model,
    suite: init.suite,
    metric: metric.metric,
    value: metric.value,
    unit: metric.unit ?? '',
    status: metric.status,
    detail: metric.detail ?? '',
    ...(metric.advice ? { advice: metric.advice } : {}),
    ...(metric.data ? { data: metric.data } : {}),
    time: new Date().toISOString(),
  };
}

export function createSuiteContext(init: SuiteContextInit): SuiteContext {
  const signal = init.signal ?? new AbortController().signal;
  const host = init.options.host;
  const inner = createServer(init.environment.server.backend, { host, timeoutMs: init.options.timeoutMs, signal });
  // Every request the suite makes is counted, in one place (src/run/metered.ts).
  const meter = init.cost?.meter ?? new CostMeter(inner.capabilities.loadUnload);
  const binding = { meter, model: init.model, figures: init.cost?.figures ?? meter.tally(init.model, init.suite) };
  const server = new MeteredServer(inner, binding);
  return {
    model: init.model,
    runId: init.runId,
    server,
    messages: new MeteredMessages({ host, timeoutMs: init.options.timeoutMs, signal }, binding),
    loads: createLoadPlanner(server, meter, init.model),
    options: init.options,
    environment: init.environment,
    signal,
    emit: (metric) => init.onRecord(recordOf(init, metric)),
    progress: (message) => init.onProgress?.(message),
    earlier: () => init.earlier?.() ?? [],
    measured: (quantity) => measuredFor(init, quantity),
  };
}

function measuredFor(init: SuiteContextInit, quantity: Quantity): ResultRecord | undefined {
  const suites = init.suites ?? [];
  const own = suites.find((suite) => suite.id === init.suite);
  if (own && !own.reads?.includes(quantity))
    throw new UndeclaredReadError(
      `suite ${init.suite} reads ${quantity} without declaring it: add it to the suite's \`reads\` so the runner runs the suite that measures it first`,
    );
  return latestOf(init.earlier?.() ?? [], init.model, suites, quantity, { usable: true });
}

/** A context for tests and library use: records are collected into the returned array. */
export function collectingContext(params: {
  model: string;
  suite: SuiteId;
  host: string;
  backend?: BackendId;
  simulated?: boolean;
  options?: Partial<RunOptions>;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
  /** Suites whose declarations answer `ctx.measured` (e.g. the registry's, for records handed in as `earlier`). */
  suites?: readonly DeclaringSuite[];
  /** Records of earlier suites (default: the ones this context collected). */
  earlier?: readonly ResultRecord[];
}): {
  ctx: SuiteContext;
  records: ResultRecord[];
} {
  const records: ResultRecord[] = [];
  const options: RunOptions = {
    ...DEFAULT_OPTIONS,
    models: [params.model],
    suites: [params.suite],
    host: params.host,
    outDir: '',
    simulated: params.simulated ?? true,
    ...params.options,
  };
  const environment: RunEnvironment = {
    harnessVersion: 'test',
    nodeVersion: process.version,
    server: { backend: params.backend ?? 'ollama', url: params.host, version: null },
    simulated: options.simulated,
    hardware: null,
    startedAt: new Date().toISOString(),
    endedAt: null,
    commandLine: [],
    interrupted: false,
  };
  const ctx = createSuiteContext({
    model: params.model,
    suite: params.suite,
    runId: 'test',
    options,
    environment,
    onRecord: (record) => records.push(record),
    signal: params.signal,
    onProgress: params.onProgress,
    earlier: () => [...(params.earlier ?? []), ...records],
    suites: params.suites,
  });
  return { ctx, records };
}
