// Runs models × suites. Knows nothing about any suite: it hands each a context, keeps every record
// as it is made (journal), turns a suite that throws into an `error` record, and goes on.
import { createServer } from '../servers/registry.js';
import type { ModelServer, ServerAdvice } from '../servers/types.js';
import { TargetError } from '../targets/errors.js';
import { redactDeep, redactUrl, secretEnvironmentValues } from '../shared/redact.js';
import type { CostFigures, ResultRecord, RunCost, RunEnvironment, RunOptions, SuiteId } from '../types.js';
import { createSuiteContext, recordOf } from './context.js';
import { CostMeter } from './cost.js';
import { pairKey, type Journal } from './journal.js';
import { mapInPool } from './pool.js';
import { findDeclaration } from './metric.js';
import { inDependencyOrder } from './order.js';
import type { Suite } from './suite.js';
import { errorMessage } from '../shared/errors.js';

export type ProgressSink = (event: { model: string; suite: SuiteId | null; message: string }) => void;

export interface RunnerInput {
  runId: string;
  options: RunOptions;
  environment: RunEnvironment;
  suites: readonly Suite[];
  journal: Journal;
  signal: AbortSignal;
  progress?: ProgressSink;
  /** Records and finished pairs of the run being resumed, and what its attempts cost. */
  resumed?: {
    records: ResultRecord[];
    done: Set<string>;
    costs?: Array<{ model: string; suite: SuiteId; cost: CostFigures }>;
  };
  /** Models tested at once: 1 against real Ollama (one GPU), more against the simulator. */
  concurrency?: number;
  /** Upper bound on one suite for one model. */
  suiteTimeoutMs?: number;
}

export interface RunOutcome {
  /** In the order a clean run makes them: by model, then suite, then as each suite emitted them. */
  records: ResultRecord[];
  /** Models with no real measurement: not installed, or nothing but errors, skips and informational metrics. */
  untestable: string[];
  /** Model × suite pairs that did not finish (errors, the coverage rule, an interruption): --resume runs them again. */
  unfinished: Array<{ model: string; suite: SuiteId }>;
  interrupted: boolean;
  /** Requests, tokens and loads, per model and suite (a resumed run's earlier attempts included). */
  cost: RunCost;
}

/** Raised when the server cannot be reached at all: nothing can be tested. */
export class ServerUnreachableError extends Error {}

export interface InstalledModels {
  names: string[];
  resolve(requested: string): string | null;
  /** The trained context the server lists for `requested`, if it does. */
  trainedContext(requested: string): number | null;
}

export async function installedModels(server: ModelServer): Promise<InstalledModels> {
  const models = await server.listModels();
  const resolve = (requested: string) => server.resolveModel(requested, models);
  return {
    names: models.map((m) => m.name),
    resolve,
    trainedContext: (requested) => models.find((m) => m.name === resolve(requested))?.trainedContext ?? null,
  };
}

export function unreachableMessage(
  host: string,
  reason: string,
  advice?: Pick<ServerAdvice, 'serverName' | 'startServer'>,
): string {
  const name = advice?.serverName ?? 'a model server';
  const start =
    advice?.startServer ??
    'Start Ollama (`ollama serve`), llama-server or your /v1/messages server, or point --host (or OLLAMA_HOST) at where it listens';
  return `Cannot reach ${name} at ${redactUrl(host)} (${reason}). ${start}; to try the harness without a server, run \`bench run --sim\`.`;
}

export async function runBenchmark(given: RunnerInput): Promise<RunOutcome> {
  // A suite runs after the suites that measure what it reads (`Suite.reads`).
  const input: RunnerInput = { ...given, suites: inDependencyOrder(given.suites) };
  const { options, journal, signal } = input;
  const records: ResultRecord[] = [...(input.resumed?.records ?? [])];
  const done = input.resumed?.done ?? new Set<string>();
  // Every record is redacted before it is kept: a token in the host's path, an API key the server
  // echoed, never reach the journal or a report.
  const secrets = secretEnvironmentValues();
  const keep = (made: ResultRecord) => {
    const record = redactDeep(made, secrets);
    records.push(record);
    journal.append({ kind: 'record', record });
  };
  const backend = input.environment.server.backend;
  const server = createServer(backend, { host: options.host, timeoutMs: options.timeoutMs, signal });
  let installed: InstalledModels;
  try {
    installed = await installedModels(server);
  } catch (error) {
    if (error instanceof TargetError && error.kind !== 'http')
      throw new ServerUnreachableError(unreachableMessage(options.host, error.message, server.advice));
    throw error;
  }
  // One meter for the run: what each suite costs, and what the server holds, shared by the suites.
  const meter = new CostMeter(server.capabilities.loadUnload);
  for (const paid of input.resumed?.costs ?? []) meter.addTally(paid.model, paid.suite, paid.cost);
  for (const model of options.models) meter.setTrainedContext(model, installed.trainedContext(model));

  const untestable = new Set<string>();
  const runSuitesOf = async (requested: string, suites: readonly Suite[]) => {
    for (const suite of suites) {
      if (signal.aborted) return;
      const before = records.length;
      journal.append({ kind: 'begin', model: requested, suite: suite.id });
      const figures = meter.tally(requested, suite.id);
      const completed = await runSuite(
        input,
        requested,
        suite,
        keep,
        () => records.filter((r) => r.model === requested),
        { meter, figures },
      );
      journal.append({ kind: 'cost', model: requested, suite: suite.id, cost: figures });
      if (signal.aborted) {
        // What an interrupted suite measured is kept for the partial report, but the suite is no verdict.
        keep(
          recordOf(
            { runId: input.runId, model: requested, suite: suite.id },
            {
              metric: 'suite_interrupted',
              value: null,
              status: 'error',
              detail: 'the run was stopped before this suite finished: its records are partial and no verdict',
              advice: 'Finish it with bench run --resume <run directory>.',
            },
          ),
        );
        return;
      }
      // A pair is finished only when its suite ran to its end and measured everything it needed: one
      // that threw, errored or fell under the coverage rule runs again on --resume.
      // Models run side by side against the simulator: only this pair's records count.
      const made = records.slice(before).filter((r) => r.model === requested && r.suite === suite.id);
      if (!completed || made.some((r) => r.status === 'error')) continue;
      journal.append({ kind: 'done', model: requested, suite: suite.id });
      done.add(pairKey(requested, suite.id));
    }
  };
  const testModel = async (requested: string) => {
    const model = installed.resolve(requested);
    const suites = input.suites.filter((suite) => !done.has(pairKey(requested, suite.id)));
    if (!model) {
      untestable.add(requested);
      const list = installed.names.length ? installed.names.join(', ') : 'none';
      for (const suite of suites) {
        keep(
          recordOf(
            { runId: input.runId, model: requested, suite: suite.id },
            {
              metric: 'model_available',
              value: null,
              status: 'error',
              detail: `model "${requested}" not found on ${redactUrl(options.host)}; installed: ${list}`,
              advice: `${server.advice.installModel(requested)}, or pick one of the installed models with --models.`,
            },
          ),
        );
      }
      return;
    }
    try {
      await runSuitesOf(requested, suites);
    } finally {
      // Free the GPU for the next model (real Ollama keeps models loaded for minutes), also after
      // Ctrl-C: with its own short deadline, since the run's signal may already be aborted.
      if (server.capabilities.loadUnload) {
        const unloader = createServer(backend, { host: options.host, timeoutMs: 10_000 });
        await unloader.unload(model).catch(() => undefined);
        meter.unloaded(requested);
      }
    }
  };

  await mapInPool(options.models, input.concurrency ?? 1, testModel, signal);

  for (const model of options.models) {
    if (!records.some((r) => r.model === model && isMeasurement(r, input.suites))) untestable.add(model);
  }
  const unfinished = options.models.flatMap((model) =>
    input.suites.filter((suite) => !done.has(pairKey(model, suite.id))).map((suite) => ({ model, suite: suite.id })),
  );
  return {
    records: inRunOrder(records, options.models, input.suites),
    untestable: [...untestable],
    unfinished,
    interrupted: signal.aborted,
    cost: meter.summary(
      options.models,
      input.suites.map((suite) => suite.id),
    ),
  };
}

/** A verdict on the model: pass, warn or fail, of a metric that judges the model (not load time or seconds spent). */
export function isMeasurement(record: ResultRecord, suites: readonly Suite[]): boolean {
  if (record.status !== 'pass' && record.status !== 'warn' && record.status !== 'fail') return false;
  return (
    findDeclaration(suites.find((suite) => suite.id === record.suite)?.metrics ?? [], record.metric)?.role !== 'harness'
  );
}

/** Records by model (as listed), then suite (as run), each pair's records in the order they were made: a resumed run's order is a clean run's. */
function inRunOrder(
  records: readonly ResultRecord[],
  models: readonly string[],
  suites: readonly Suite[],
): ResultRecord[] {
  const rank = (list: readonly string[], item: string) => {
    const index = list.indexOf(item);
    return index < 0 ? list.length : index;
  };
  const suiteIds = suites.map((suite) => suite.id);
  return records
    .map((record, index) => ({ record, index }))
    .sort(
      (a, b) =>
        rank(models, a.record.model) - rank(models, b.record.model) ||
        rank(suiteIds, a.record.suite) - rank(suiteIds, b.record.suite) ||
        a.index - b.index,
    )
    .map(({ record }) => record);
}

/** Runs one suite for one model; true when it ran to its end (no throw, no abort, within its budget). */
async function runSuite(
  input: RunnerInput,
  model: string,
  suite: Suite,
  keep: (r: ResultRecord) => void,
  earlier: () => ResultRecord[],
  cost: { meter: CostMeter; figures: CostFigures },
): Promise<boolean> {
  const budget = AbortSignal.timeout(input.suiteTimeoutMs ?? 60 * 60_000);
  const signal = AbortSignal.any([input.signal, budget]);
  const ctx = createSuiteContext({
    model,
    suite: suite.id,
    runId: input.runId,
    options: input.options,
    environment: input.environment,
    signal,
    onRecord: keep,
    onProgress: (message) => input.progress?.({ model, suite: suite.id, message }),
    earlier,
    suites: input.suites,
    cost,
  });
  input.progress?.({ model, suite: suite.id, message: `${suite.id}: started` });
  let completed = false;
  try {
    await suite.run(ctx);
    completed = !signal.aborted;
    if (budget.aborted && !input.signal.aborted) throw new Error('the suite ran out of its time budget');
  } catch (error) {
    if (input.signal.aborted) return false;
    const reason = budget.aborted ? `the suite ran out of its time budget` : errorMessage(error);
    keep(
      recordOf(
        { runId: input.runId, model, suite: suite.id },
        {
          metric: 'suite_error',
          value: null,
          status: 'error',
          detail: reason,
          advice:
            'The rest of the run went on. Re-run this model and suite alone with --models and --suites to see it again, or finish the run with --resume.',
        },
      ),
    );
    completed = false;
  }
  input.progress?.({ model, suite: suite.id, message: `${suite.id}: done` });
  return completed;
}
