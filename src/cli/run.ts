// `bench run`: plan the run, start the simulator when asked, run every model × suite, write reports.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { detectHardware } from '../hardware/detect.js';
import { REPORT_FILES, writeReports } from '../report/write.js';
import { printRunSummary } from '../report/console.js';
import { QUICK_SUMMARY } from '../report/quick.js';
import { cutTornTail, JOURNAL_FILE, Journal, JournalWriteError, pairKey, readJournal } from '../run/journal.js';
import { fsReason, OutDirError, prepareOutDir } from '../run/out-dir.js';
import { redactDeep, redactText, redactUrl } from '../shared/redact.js';
import { installedModels, ServerUnreachableError, runBenchmark, unreachableMessage } from '../run/runner.js';
import { RUN_FILE_SCHEMA_ID } from '../run/run-file.js';
import { startSimulator, type RunningSimulator } from '../sim/server.js';
import { simModelNames } from '../sim/profiles/index.js';
import { connectServer, NoModelServerError } from '../servers/registry.js';
import type { ModelServer } from '../servers/types.js';
import { TargetError } from '../targets/errors.js';
import type { HardwareSummary, ResultRecord, RunEnvironment, RunFile, RunOptions, Status } from '../types.js';
import { ALL_SUITES } from '../../suites/index.js';
import { harnessVersion } from '../version.js';
import { closestMatch } from './closest.js';
import { createProgress } from './progress.js';
import { planResume } from './resume.js';
import { BACKEND_CHOICES, parseRunOptions, SIM_PARALLEL, type RawRunOptions } from './run-options.js';
import { SIM_VRAM_BYTES, simulatorContextLength } from './simulator-settings.js';
import { DEFAULT_OPTIONS } from '../run/context.js';
import { EXIT, UsageError, shownValue } from './usage.js';
import { errorMessage } from '../shared/errors.js';
import { measuring } from '../report/metrics.js';

/** Two suites for the --suites example: the ones that measure tool use and the served context. */
const exampleSuites = (['toolUse', 'servedContext'] as const).map((quantity) => measuring(quantity)?.suite).join(',');

const EXAMPLES = `
Examples:
  $ bench run --sim                                   try it without a model server (simulated models)
  $ bench run --models qwen2.5-coder:7b,llama3.1:8b   two models on Ollama at $OLLAMA_HOST
  $ bench run --host http://gpu-box:8080 --backend llama-server --models qwen --suites ${exampleSuites}
  $ bench run --models qwen2.5-coder:7b --quick     a first verdict in a fifth of the time (no effective-context ladder)
  $ bench run --models qwen2.5-coder:7b --json --fail-on fail   for CI: the answer as JSON, exit 1 on a fail
  $ bench run --resume results/2026-01-31T12-00-00Z   finish a run that was stopped or errored
`;

export function register(program: Command): void {
  program
    .command('run')
    .description(
      'Benchmark models against a model server (Ollama, llama-server, any /v1/messages server; or the built-in simulator with --sim) and write a report',
    )
    .option(
      '--models <list>',
      'comma-separated models, e.g. llama3.1:8b,qwen2.5-coder:32b (default with --sim: every simulated model)',
    )
    .option(
      '--sim',
      'run against the built-in simulator (no GPU, no model server needed); with --backend it plays that server',
    )
    .option(
      '--host <url>',
      'the model server (default $OLLAMA_HOST, else http://127.0.0.1:11434); no user:password@ (refused: Claude Code cannot send it either)',
    )
    .option(
      '--backend <backend>',
      `the kind of server: ${BACKEND_CHOICES.join(', ')} (default auto: detected from what it answers)`,
    )
    .option(
      '--suites <list>',
      `comma-separated suites: ${ALL_SUITES.map((s) => s.id).join(',')} or "all" (default: ${ALL_SUITES.filter(
        (s) => s.defaultOn,
      )
        .map((s) => s.id)
        .join(',')})`,
    )
    .option(
      '--out <dir>',
      'a new directory for run.json, results.csv and report.md (default results/<UTC time>); an existing run directory is refused (use --resume)',
    )
    .option('--reps <n>', `repetitions of each timed probe, a whole number (default ${DEFAULT_OPTIONS.reps})`)
    .option(
      '--parallel <n>',
      `independent probes sent at once (default ${DEFAULT_OPTIONS.parallel}; ${SIM_PARALLEL} with --sim); raise it only if Ollama runs with OLLAMA_NUM_PARALLEL > 1`,
    )
    .option(
      '--timeout <seconds>',
      `timeout of every request to the model server, at least 1 (default ${DEFAULT_OPTIONS.timeoutMs / 1000})`,
    )
    .option('--fail-on <level>', 'exit 1 when any result is at this level or worse: warn or fail')
    .option(
      '--resume <dir>',
      "continue a run that was stopped or errored: runs again every model × suite pair that did not finish; keeps the run's options (a new --host and --fail-on apply)",
    )
    .option(
      '--json',
      'print the answer (verdicts, recommendation, launch) as one JSON document on stdout; progress stays on stderr',
    )
    .option('--quiet', 'print only the final answer')
    .option(
      '--quick',
      'the verdict in about a fifth of the model time: one repetition, the core tool-use probes, the server context and whether the prompt fits, no effective-context ladder; what it leaves out is recorded as skip (no verdict)',
    )
    .option(
      '--claude-code-version <version>',
      `Claude Code version for the agent suite (default ${DEFAULT_OPTIONS.claudeCodeVersion})`,
    )
    .addHelpText('after', EXAMPLES)
    .action(async (raw: RawRunOptions) => {
      process.exitCode = await runCommand(raw, process.argv.slice(2));
    });
}

/** A run directory already holds a run when it has a journal or a run.json. */
function holdsRun(dir: string): string | null {
  for (const file of [JOURNAL_FILE, REPORT_FILES.json]) if (existsSync(join(dir, file))) return file;
  return null;
}

interface Plan {
  options: RunOptions;
  runId: string;
  resumed: ReturnType<typeof readJournal> | null;
}

function planRun(raw: RawRunOptions): Plan {
  if (raw.resume !== undefined) {
    if (!raw.resume.trim()) throw new UsageError('--resume "": give the run directory to continue');
    const resumed = readResumeJournal(raw.resume);
    if (!resumed.start)
      throw new UsageError(
        `--resume ${raw.resume}: no ${JOURNAL_FILE} with a run start in that directory; it is not a run directory of this tool`,
      );
    const { options, notes } = planResume(resolve(raw.resume), resumed.start.options, raw, process.env);
    for (const note of notes) process.stderr.write(`${note}\n`);
    return { options, runId: resumed.start.runId, resumed };
  }
  const options = parseRunOptions(raw, process.env, () => (raw.sim ? simModelNames() : []));
  const runId = new Date()
    .toISOString()
    .replace(/[:]/g, '-')
    .replace(/\.\d+Z$/, 'Z');
  options.outDir = resolve(options.outDir || join('results', runId));
  const held = holdsRun(options.outDir);
  if (held)
    throw new UsageError(
      `--out ${options.outDir}: that directory already holds a run (${held}); continue it with --resume ${options.outDir}, or choose another --out`,
    );
  return { options, runId, resumed: null };
}

export async function runCommand(raw: RawRunOptions, commandLine: string[]): Promise<number> {
  const { options, runId, resumed } = planRun(raw);

  let simulator: RunningSimulator | null = null;
  const controller = new AbortController();
  let stopCode: number = EXIT.interrupted;
  const onSignal = (signal: NodeJS.Signals) => {
    stopCode = signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
    if (controller.signal.aborted) process.exit(stopCode);
    process.stderr.write(
      `\n${signal === 'SIGTERM' ? 'Terminated' : 'Interrupted'}: finishing the records made so far (Ctrl-C again to quit at once)\n`,
    );
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Set when the journal cannot be written (disk full): the run stops and says how to resume.
  const stopped: { failure: JournalWriteError | null } = { failure: null };
  try {
    if (options.simulated) {
      // Models run side by side against the simulator, so none may evict another from the simulated GPU.
      const simBackend = options.backend === 'auto' ? 'ollama' : options.backend;
      simulator = await startSimulator({
        port: 0,
        vramBytes: SIM_VRAM_BYTES,
        shareGpu: false,
        contextLength: simulatorContextLength(process.env, simBackend),
        backend: simBackend,
        keepRequests: false,
      });
      options.host = simulator.url;
    }
    const { server, evidence } = await connect(options);
    // Every model is checked before any suite runs: a typo costs one line, not a run.
    await checkModels(server, options);
    try {
      prepareOutDir(options.outDir);
    } catch (error) {
      if (error instanceof OutDirError)
        throw new UsageError(
          `--${resumed ? 'resume' : 'out'} ${options.outDir}: ${error.message}; choose a writable directory with free space`,
        );
      throw error;
    }
    const journalPath = join(options.outDir, JOURNAL_FILE);
    if (resumed?.tornAt != null) {
      cutTornTail(journalPath, resumed.tornAt);
      process.stderr.write(
        `${JOURNAL_FILE}: its last line was cut off (the run was killed while writing it); it is dropped and that probe runs again\n`,
      );
    }

    const environment = await describeEnvironment(options, server, commandLine, resumed?.start?.environment.startedAt);
    const journal = new Journal(journalPath, (failure) => {
      stopped.failure = failure;
      stopCode = EXIT.untestable;
      controller.abort();
    });
    const { outDir: _omit, ...runOptions } = options;
    // What is stored never holds a secret: the host's token (if any) is masked, and --resume asks for it again.
    const storedOptions = { ...runOptions, host: redactUrl(runOptions.host) };
    if (!resumed?.start) journal.append({ kind: 'start', runId, environment, options: storedOptions });
    if (stopped.failure) throw stopped.failure;

    const suites = ALL_SUITES.filter((suite) => options.suites.includes(suite.id));
    const serverLine = `${server.advice.serverName === 'the server' ? 'Anthropic-compatible server' : server.advice.serverName}${environment.server.version ? ` ${environment.server.version}` : ''} at ${environment.server.url} (${evidence})`;
    process.stderr.write(
      `${redactText(`${environment.simulated ? `SIMULATED run (built-in simulator playing ${serverLine}, not a real model)` : serverLine}: ${options.models.length} model(s) × ${suites.map((s) => s.id).join(', ')}${options.quick ? ` (QUICK: ${QUICK_SUMMARY})` : ''} → ${options.outDir}`)}\n`,
    );
    const toRun = new Map(
      options.models.map((model) => [
        model,
        suites.filter((suite) => !resumed?.done.has(pairKey(model, suite.id))).length,
      ]),
    );
    const progress = createProgress(toRun);
    let outcome: Awaited<ReturnType<typeof runBenchmark>>;
    try {
      outcome = await runBenchmark({
        runId,
        options,
        environment,
        suites,
        journal,
        signal: controller.signal,
        progress: progress.sink,
        resumed: resumed ? { records: resumed.records, done: resumed.done, costs: resumed.costs } : undefined,
        concurrency: options.simulated ? options.models.length : 1,
      });
    } finally {
      progress.finish();
    }
    environment.endedAt = new Date().toISOString();
    environment.interrupted = outcome.interrupted;
    const run: RunFile = redactDeep({
      schema: RUN_FILE_SCHEMA_ID,
      runId,
      environment,
      options: storedOptions,
      records: outcome.records,
      cost: outcome.cost,
    });
    const resumeLine = `bench run --resume ${shownValue(options.outDir)}`;
    const failure = journalFailureOf(stopped);
    if (failure) {
      process.stderr.write(
        `Stopped: ${redactText(failure.message)}. The journal keeps every record made before; free space (or fix the permissions), then continue with: ${resumeLine}\n`,
      );
      await writeReports(options.outDir, run).catch(() => undefined);
      return EXIT.untestable;
    }
    try {
      await writeReports(options.outDir, run);
    } catch (error) {
      process.stderr.write(
        `Could not write the reports to ${options.outDir}: ${fsReason(error)}. The journal keeps every record; after fixing it, write them with: ${resumeLine}\n`,
      );
      return EXIT.untestable;
    }
    printRunSummary(run, options.outDir, raw.json ? 'json' : raw.quiet ? 'quiet' : 'full');
    if (outcome.unfinished.length > 0) {
      const pairs = outcome.unfinished.map((pair) => `${pair.model}/${pair.suite}`);
      const shown =
        pairs.length > 6 ? `${pairs.slice(0, 6).join(', ')} and ${pairs.length - 6} more` : pairs.join(', ');
      process.stderr.write(
        `Not finished: ${shown} (stopped, errored, or too few answers for a verdict); to run them again: ${resumeLine}\n`,
      );
    }
    if (outcome.interrupted) return stopCode;
    if (outcome.untestable.length > 0) {
      process.stderr.write(`Could not test: ${outcome.untestable.join(', ')} (no real measurement; see report.md)\n`);
      return EXIT.untestable;
    }
    return gateExitCode(outcome.records, options.failOn);
  } catch (error) {
    if (error instanceof ServerUnreachableError || error instanceof ModelsNotInstalledError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.untestable;
    }
    if (error instanceof NoModelServerError) {
      process.stderr.write(
        `${redactText(error.unreachable ? unreachableMessage(error.host, error.reason) : `${redactUrl(error.host)} is not a model server this harness knows: ${error.reason}. Point --host at Ollama, llama-server or a server with /v1/messages, or name it with --backend.`)}\n`,
      );
      return EXIT.untestable;
    }
    if (error instanceof JournalWriteError) {
      process.stderr.write(`${redactText(error.message)}; choose a writable --out with free space\n`);
      return EXIT.untestable;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await simulator?.close();
  }
}

/** Read through a call: the journal's callback sets it while the run is under way. */
const journalFailureOf = (stopped: { failure: JournalWriteError | null }): JournalWriteError | null => stopped.failure;

/** Some models asked for are not on the server: nothing ran. */
class ModelsNotInstalledError extends Error {}

/** Every model asked for must be on the server: else one line per missing model, with the closest installed one. */
async function checkModels(server: ModelServer, options: RunOptions): Promise<void> {
  let installed: Awaited<ReturnType<typeof installedModels>>;
  try {
    installed = await installedModels(server);
  } catch (error) {
    if (error instanceof TargetError && error.kind !== 'http')
      throw new ServerUnreachableError(unreachableMessage(options.host, error.message, server.advice));
    throw new ServerUnreachableError(
      redactText(
        `${server.advice.serverName} at ${redactUrl(options.host)} did not list its models (${errorMessage(error)}); check that it is a model server and its log`,
      ),
    );
  }
  const missing = options.models.filter((model) => installed.resolve(model) === null);
  if (missing.length === 0) return;
  // Ollama lists `name:latest`; a user types `name`.
  const names = installed.names.map((name) => name.replace(/:latest$/, ''));
  const list = names.length ? names.join(', ') : 'none';
  const where = `${server.advice.serverName === 'the server' ? 'the server' : server.advice.serverName} at ${redactUrl(options.host)}`;
  const lines = missing.map((model) => {
    const near = closestMatch(model, names);
    return `${model} is not installed on ${where}${near ? `; did you mean ${near}?` : ''} Installed: ${list}. ${server.advice.installModel(model)}, or pick an installed model with --models.`;
  });
  throw new ModelsNotInstalledError(redactText(lines.join('\n')));
}

function readResumeJournal(dir: string): ReturnType<typeof readJournal> {
  try {
    return readJournal(join(dir, JOURNAL_FILE));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code ? fsReason(error) : (error as Error).message;
    throw new UsageError(
      `--resume ${dir}: cannot read ${JOURNAL_FILE} (${message}); start a new run without --resume, or delete the damaged line to keep the rest`,
    );
  }
}

/** `--fail-on warn` fails on warn, fail and error; `--fail-on fail` on fail and error. */
export function gateExitCode(records: readonly ResultRecord[], failOn: RunOptions['failOn']): number {
  if (!failOn) return EXIT.ok;
  const tripping = new Set<Status>(failOn === 'warn' ? ['warn', 'fail', 'error'] : ['fail', 'error']);
  const hits = records.filter((r) => tripping.has(r.status));
  if (hits.length === 0) return EXIT.ok;
  process.stderr.write(`--fail-on ${failOn}: ${hits.length} result(s) at or beyond ${failOn}\n`);
  return EXIT.gate;
}

/** The server at --host: the backend named, or the one detected (`auto`), with what answered. */
async function connect(options: RunOptions): Promise<{ server: ModelServer; evidence: string }> {
  const { server, detection } = await connectServer(options.backend, {
    host: options.host,
    timeoutMs: options.timeoutMs,
  });
  return { server, evidence: detection.evidence };
}

async function describeEnvironment(
  options: RunOptions,
  server: ModelServer,
  commandLine: string[],
  startedAt?: string,
): Promise<RunEnvironment> {
  const [version, detected] = await Promise.all([
    server.version().catch(() => null),
    detectHardware().catch(() => null),
  ]);
  let hardware: HardwareSummary | null = detected;
  if (options.simulated && hardware) {
    hardware = {
      ...hardware,
      gpus: [{ vendor: 'Simulated', model: 'bench simulator GPU', vramBytes: SIM_VRAM_BYTES, unifiedMemory: false }],
    };
  }
  return {
    harnessVersion: harnessVersion(),
    nodeVersion: process.version,
    server: { backend: server.backend, url: redactUrl(options.host), version },
    simulated: options.simulated || (version?.endsWith('-sim') ?? false),
    hardware,
    startedAt: startedAt ?? new Date().toISOString(),
    endedAt: null,
    commandLine: commandLine.map((arg) => redactText(arg)),
    interrupted: false,
  };
}
