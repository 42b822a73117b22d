// Every public type of the harness. Records are plain JSON; reporters and CI read nothing else.
import type { BackendChoice, BackendId } from './servers/types.js';

export const SUITE_IDS = ['throughput', 'tool-use', 'context', 'memory', 'agent', 'session'] as const;
export type SuiteId = (typeof SUITE_IDS)[number];

export const STATUSES = ['pass', 'warn', 'fail', 'error', 'skip'] as const;
export type Status = (typeof STATUSES)[number];

/** One row of results.csv: model × suite × metric. `data` and `advice` live in run.json only. */
export interface ResultRecord {
  run_id: string;
  model: string;
  suite: SuiteId;
  metric: string;
  value: number | string | null;
  unit: string;
  status: Status;
  /** Short reason, failure mode names (e.g. `tool_call_as_text`), or the server's error. */
  detail: string;
  /** What the user should do about a warn/fail/error (shown in report.md). */
  advice?: string;
  /** Structured extras: statistics, failed probes with raw replies, recordings' summaries. */
  data?: Record<string, unknown>;
  /** ISO time the record was made. */
  time: string;
}

/** What a suite hands to `ctx.emit`; the runner fills in run, model, suite and time. */
export interface MetricInput {
  metric: string;
  value: number | string | null;
  unit?: string;
  status: Status;
  detail?: string;
  advice?: string;
  data?: Record<string, unknown>;
  /**
   * How many of the metric's probes (requests, repetitions) got an answer, of how many it needed.
   * Below MIN_COVERAGE (src/run/coverage.ts) the harness turns the metric into an `error` with no
   * value: a few lucky answers are no verdict. Kept in the record as `data.coverage`.
   */
  coverage?: Coverage;
}

export interface Coverage {
  answered: number;
  asked: number;
  /** Why probes went unanswered ("the server stopped answering"), for the error's detail. */
  why?: string;
}

export interface GpuInfo {
  vendor: string;
  model: string;
  /** null when the driver does not say (then fit cannot be predicted for the GPU). */
  vramBytes: number | null;
  /** Apple Silicon and other unified-memory GPUs share RAM with the CPU. */
  unifiedMemory: boolean;
}

export interface HardwareSummary {
  cpu: { model: string; cores: number; physicalCores: number };
  memory: { totalBytes: number; freeBytes: number };
  gpus: GpuInfo[];
  os: { platform: string; distro: string; release: string; arch: string };
  docker: { available: boolean; version: string | null; detail: string };
}

export interface RunOptions {
  models: string[];
  suites: SuiteId[];
  simulated: boolean;
  /** The model server's base URL (`--host`, else $OLLAMA_HOST, else Ollama's default). */
  host: string;
  /** `--backend`: the one named, or `auto` (detected; the detected one is in the environment's `server`). */
  backend: BackendChoice;
  outDir: string;
  reps: number;
  /** Independent probes sent at once (1 against real Ollama unless OLLAMA_NUM_PARALLEL allows more). */
  parallel: number;
  /** Per-request timeout in milliseconds. */
  timeoutMs: number;
  failOn: 'warn' | 'fail' | null;
  /** Version of Claude Code the agent suite builds its image with. */
  claudeCodeVersion: string;
}

export interface RunEnvironment {
  harnessVersion: string;
  nodeVersion: string;
  /** The model server the run talked to (url redacted). */
  server: ServerInfo;
  simulated: boolean;
  hardware: HardwareSummary | null;
  startedAt: string;
  endedAt: string | null;
  commandLine: string[];
  /** true when the run was interrupted (Ctrl-C) or ended early; records are what finished. */
  interrupted: boolean;
}

/** A run that went into a merged run (`bench report`), with its own environment. */
export interface RunSource {
  source: string;
  runId: string;
  simulated: boolean;
  /** Models whose records (of at least one suite) made it into the merge. */
  models: string[];
  environment: RunEnvironment;
  options: Omit<RunOptions, 'outDir'>;
}

export interface ServerInfo {
  backend: BackendId;
  url: string;
  version: string | null;
}

/** The whole of run.json (`@1` files, from before backends, are read and upgraded). */
export interface RunFile {
  schema: 'claude-code-bench/run@2';
  runId: string;
  environment: RunEnvironment;
  options: Omit<RunOptions, 'outDir'>;
  records: ResultRecord[];
  /** Only in merged runs: the runs merged, each with its environment. */
  sources?: RunSource[];
  /** Written, never read back: the answer (`bench run --json`'s object) derived from the records. */
  summary?: unknown;
}
