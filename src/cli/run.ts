// `bench run`: plan the run, start the simulator when asked, run every model × suite, write reports.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { detectHardware } from '../hardware/detect.js';
import { writeReports } from '../report/write.js';
import { printRunSummary } from '../report/console.js';
import { cutTornTail, JOURNAL_FILE, Journal, pairKey, readJournal } from '../run/journal.js';
import { redactText, redactUrl } from '../run/redact.js';
import { ServerUnreachableError, runBenchmark, unreachableMessage } from '../run/runner.js';
import { RUN_FILE_SCHEMA_ID } from '../report/json.js';
import { startSimulator, type RunningSimulator } from '../sim/server.js';
import { simModelNames } from '../sim/profiles/index.js';
import { connectServer, NoModelServerError } from '../servers/registry.js';
import type { ModelServer } from '../servers/types.js';
import type { HardwareSummary, ResultRecord, RunEnvironment, RunFile, RunOptions, Status } from '../types.js';
import { ALL_SUITES } from '../../suites/index.js';
import { harnessVersion } from '../version.js';
import { createProgress } from './progress.js';
import { BACKEND_CHOICES, parseRunOptions, SIM_PARALLEL, type RawRunOptions } from './run-options.js';
import { SIM_VRAM_BYTES, simulatorContextLength } from './simulator-settings.js';
import { DEFAULT_OPTIONS } from '../run/context.js';
import { EXIT, UsageError } from './usage.js';


export function register(program: Command): void {
  program
    .command('run')
    .description('Benchmark models against a model server (Ollama, llama-server, any /v1/messages server; or the built-in simulator with --sim) and write a report')
    .option('--models <list>', 'comma-separated models, e.g. llama3.1:8b,qwen2.5-coder:32b (default with --sim: every simulated model)')
    .option('--sim', 'run against the built-in simulator (no GPU, no model server needed); with --backend it plays that server')
    .option('--host <url>', 'the model server (default $OLLAMA_HOST, else http://127.0.0.1:11434)')
    .option('--backend <backend>', `the kind of server: ${BACKEND_CHOICES.join(', ')} (default auto: detected from what it answers)`)
    .option('--suites <list>', `comma-separated suites: ${ALL_SUITES.map((s) => s.id).join(',')} or "all" (default: ${ALL_SUITES.filter((s) => s.defaultOn).map((s) => s.id).join(',')})`)
    .option('--out <dir>', 'where to write run.json, results.csv and report.md (default results/<UTC time>)')
    .option('--reps <n>', `repetitions of each timed probe (default ${DEFAULT_OPTIONS.reps})`)
    .option('--parallel <n>', `independent probes sent at once (default ${DEFAULT_OPTIONS.parallel}; ${SIM_PARALLEL} with --sim); raise it only if Ollama runs with OLLAMA_NUM_PARALLEL > 1`)
    .option('--timeout <seconds>', `timeout of every request to the model server (default ${DEFAULT_OPTIONS.timeoutMs / 1000})`)
    .option('--fail-on <level>', 'exit 1 when any result is at this level or worse: warn or fail')
    .option('--resume <dir>', 'continue a run that was interrupted: skip the model × suite pairs it finished')
    .option('--json', 'print the answer (verdicts, recommendation, launch) as one JSON document on stdout; progress stays on stderr')
    .option('--quiet', 'print only the final answer')
    .option('--claude-code-version <version>', `Claude Code version for the agent suite (default ${DEFAULT_OPTIONS.claudeCodeVersion})`)
    .action(async (raw: RawRunOptions) => {
      process.exitCode = await runCommand(raw, process.argv.slice(2));
    });
}

export async function runCommand(raw: RawRunOptions, commandLine: string[]): Promise<number> {
  const resumed = raw.resume ? readResumeJournal(raw.resume) : null;
  if (raw.resume && !resumed?.start) throw new UsageError(`--resume ${raw.resume}: no ${JOURNAL_FILE} with a run start in that directory; it is not a run directory of this tool`);
  const options: RunOptions = resumed?.start
    ? { ...resumed.start.options, outDir: raw.resume as string }
    : parseRunOptions(raw, process.env, () => (raw.sim ? simModelNames() : []));
  if (raw.sim) options.simulated = true;
  const runId = resumed?.start?.runId ?? new Date().toISOString().replace(/[:]/g, '-').replace(/\.\d+Z$/, 'Z');
  options.outDir = resolve(options.outDir || join('results', runId));
  if (!raw.resume && existsSync(join(options.outDir, JOURNAL_FILE))) {
    throw new UsageError(`--out ${options.outDir}: that directory already holds a run (${JOURNAL_FILE}); continue it with --resume ${options.outDir}, or choose another --out`);
  }
  try {
    mkdirSync(options.outDir, { recursive: true });
  } catch (error) {
    throw new UsageError(`--out ${options.outDir}: cannot create the directory (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); choose a writable directory`);
  }

  if (resumed?.tornAt != null) {
    cutTornTail(join(options.outDir, JOURNAL_FILE), resumed.tornAt);
    process.stderr.write(`${JOURNAL_FILE}: its last line was cut off (the run was killed while writing it); it is dropped and that probe runs again\n`);
  }

  let simulator: RunningSimulator | null = null;
  const controller = new AbortController();
  let stopCode: number = EXIT.interrupted;
  const onSignal = (signal: NodeJS.Signals) => {
    stopCode = signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
    if (controller.signal.aborted) process.exit(stopCode);
    process.stderr.write(`\n${signal === 'SIGTERM' ? 'Terminated' : 'Interrupted'}: finishing the records made so far (Ctrl-C again to quit at once)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    if (options.simulated) {
      // Models run side by side against the simulator, so none may evict another from the simulated GPU.
      const simBackend = options.backend === 'auto' ? 'ollama' : options.backend;
      simulator = await startSimulator({ port: 0, vramBytes: SIM_VRAM_BYTES, shareGpu: false, contextLength: simulatorContextLength(process.env, simBackend), backend: simBackend });
      options.host = simulator.url;
    }
    const { server, evidence } = await connect(options);
    const environment = await describeEnvironment(options, server, commandLine, resumed?.start?.environment.startedAt);
    const journal = new Journal(join(options.outDir, JOURNAL_FILE));
    const { outDir: _omit, ...storedOptions } = options;
    if (!resumed?.start) journal.append({ kind: 'start', runId, environment, options: storedOptions });

    const suites = ALL_SUITES.filter((suite) => options.suites.includes(suite.id));
    const serverLine = `${server.advice.serverName === 'the server' ? 'Anthropic-compatible server' : server.advice.serverName}${environment.server.version ? ` ${environment.server.version}` : ''} at ${environment.server.url} (${evidence})`;
    process.stderr.write(`${environment.simulated ? `SIMULATED run (built-in simulator playing ${serverLine}, not a real model)` : serverLine}: ${options.models.length} model(s) × ${suites.map((s) => s.id).join(', ')} → ${options.outDir}\n`);
    const toRun = new Map(options.models.map((model) => [model, suites.filter((suite) => !resumed?.done.has(pairKey(model, suite.id))).length]));
    const progress = createProgress(toRun);
    let outcome;
    try {
      outcome = await runBenchmark({
        runId, options, environment, suites, journal, signal: controller.signal, progress: progress.sink,
        resumed: resumed ? { records: resumed.records, done: resumed.done } : undefined,
        concurrency: options.simulated ? options.models.length : 1,
      });
    } finally {
      progress.finish();
    }
    environment.endedAt = new Date().toISOString();
    environment.interrupted = outcome.interrupted;
    const run: RunFile = { schema: RUN_FILE_SCHEMA_ID, runId, environment, options: storedOptions, records: outcome.records };
    await writeReports(options.outDir, run);
    printRunSummary(run, options.outDir, raw.json ? 'json' : raw.quiet ? 'quiet' : 'full');
    if (outcome.interrupted) return stopCode;
    if (outcome.untestable.length > 0) {
      process.stderr.write(`Could not test: ${outcome.untestable.join(', ')} (see report.md)\n`);
      return EXIT.untestable;
    }
    return gateExitCode(outcome.records, options.failOn);
  } catch (error) {
    if (error instanceof ServerUnreachableError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.untestable;
    }
    if (error instanceof NoModelServerError) {
      process.stderr.write(`${error.unreachable ? unreachableMessage(error.host, error.reason) : `${redactUrl(error.host)} is not a model server this harness knows: ${redactText(error.reason)}. Point --host at Ollama, llama-server or a server with /v1/messages, or name it with --backend.`}\n`);
      return EXIT.untestable;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await simulator?.close();
  }
}

function readResumeJournal(dir: string): ReturnType<typeof readJournal> {
  try {
    return readJournal(join(dir, JOURNAL_FILE));
  } catch (error) {
    const message = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`--resume ${dir}: cannot read ${JOURNAL_FILE} (${message}); start a new run without --resume, or delete the damaged line to keep the rest`);
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
  const { server, detection } = await connectServer(options.backend, { host: options.host, timeoutMs: options.timeoutMs });
  return { server, evidence: detection.evidence };
}

async function describeEnvironment(options: RunOptions, server: ModelServer, commandLine: string[], startedAt?: string): Promise<RunEnvironment> {
  const [version, detected] = await Promise.all([server.version().catch(() => null), detectHardware().catch(() => null)]);
  let hardware: HardwareSummary | null = detected;
  if (options.simulated && hardware) {
    hardware = { ...hardware, gpus: [{ vendor: 'Simulated', model: 'bench simulator GPU', vramBytes: SIM_VRAM_BYTES, unifiedMemory: false }] };
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
