// `bench launch`: the settings a model's measurements call for, and ready-to-use commands that
// start Claude Code in its container with them. Pure: measurements in, text out.
//
// Anchor: `ollama launch claude` (cmd/launch/claude.go) sets the model into every model slot, an
// empty API key, and attribution, token reminders, error reporting and feedback off. It leaves the
// context alone for local models; here the measured context sets both sides: what Ollama loads
// (OLLAMA_CONTEXT_LENGTH or a Modelfile num_ctx) and where Claude Code compacts (it assumes
// 1,000,000 tokens for models it does not know, so without this it never compacts in time and
// Ollama silently drops the oldest history instead). What Claude Code 2.1.332 really does with
// each variable was measured: test/fixtures/claude-code/README.md, "Compaction and model names".
import { contextFix, REQUIRED_CONTEXT_TOKENS } from './context-fix.js';
import { cacheSettingsEvidence, cacheSettingsForLaunch, type CacheSettingsEvidence } from './cache-settings.js';
import { adviceFor } from '../servers/registry.js';
import type { BackendId } from '../servers/types.js';
import { isOf, latestOf, measuredNumber, metricMeasuring, type DeclaringSuite, type Quantity } from '../run/metric.js';
import type { ResultRecord } from '../types.js';

/**
 * How `bench launch`'s commands reach the model server (the user's own Claude Code, not the agent
 * suite's): `host` on Linux (127.0.0.1 is the host), `bridge-host-gateway` on Docker Desktop.
 */
export type NetworkMode = 'host' | 'bridge-host-gateway';

export const defaultNetworkMode = (): NetworkMode => (process.platform === 'linux' ? 'host' : 'bridge-host-gateway');

export interface ContextMeasurements {
  /** Context Ollama's Messages endpoint really runs the model at (context suite). */
  serverContextTokens: number | null;
  /** Largest context the model still retrieved every needle at. */
  effectiveContextTokens: number | null;
  /** Trained context from /api/show. */
  claimedContextTokens: number | null;
  /** Largest context that fits in VRAM (memory suite); null or absent when not measured. */
  vramContextTokens?: number | null;
  /** What the session suite measured of the cache-saving settings; null or absent when it did not run. */
  cacheSettings?: CacheSettingsEvidence | null;
  /** Run the newest of these came from, when any. */
  runId: string | null;
}

export interface LaunchInput {
  model: string;
  measurements: ContextMeasurements;
  image: string;
  networkMode: NetworkMode;
  /** The model server as the container reaches it. Default: localhost (host networking) or host.docker.internal. */
  ollamaUrl?: string;
  requiredTokens?: number;
  /** The kind of server the model runs on (default ollama): its advice and default port. */
  backend?: BackendId;
}

export interface LaunchPlan {
  model: string;
  image: string;
  networkMode: NetworkMode;
  /** Environment for Claude Code, in the order it is printed. */
  claudeEnv: Record<string, string>;
  /** The context Ollama should load the model at for Claude Code. */
  contextTokens: number;
  /** Whether the server's context must be raised to reach `contextTokens`. */
  serverChange: {
    env: Record<string, string>;
    command: string;
    modelfile: string | null;
    createCommand: string | null;
    variantModel: string | null;
  } | null;
  backend: BackendId;
  /** Where Claude Code should compact: the loaded context, or less when recall fails earlier. */
  compactWindowTokens: number;
  notes: string[];
}

/** The quantity behind each measurement (whichever suite measures it: see MetricDeclaration.measures). */
export const MEASURED_QUANTITIES = {
  serverContextTokens: 'servedContext',
  effectiveContextTokens: 'effectiveContext',
  claimedContextTokens: 'claimedContext',
  vramContextTokens: 'vramContext',
} as const satisfies Record<string, Quantity>;

/**
 * The measurements from the newest record of each quantity (`find`, e.g. a suite's `ctx.measured`);
 * a value counts when it is a positive number. `runId` is the run of the newest of them (`newer`
 * orders two records; by default by their time).
 */
export function contextMeasurements(
  find: (quantity: Quantity) => ResultRecord | undefined,
  newer: (a: ResultRecord, b: ResultRecord) => boolean = (a, b) => a.time >= b.time,
): ContextMeasurements {
  const result: ContextMeasurements = {
    serverContextTokens: null,
    effectiveContextTokens: null,
    claimedContextTokens: null,
    vramContextTokens: null,
    runId: null,
  };
  let newest: ResultRecord | null = null;
  for (const [key, quantity] of Object.entries(MEASURED_QUANTITIES) as [keyof typeof MEASURED_QUANTITIES, Quantity][]) {
    const record = find(quantity);
    const value = measuredNumber(record);
    if (!record || value === null || value <= 0) continue;
    result[key] = value;
    if (newest === null || newer(record, newest)) newest = record;
  }
  result.runId = newest?.run_id ?? null;
  return result;
}

/** The newest usable value of each context measurement for `model` (records in time order, oldest first). */
export function measurementsFromRecords(
  records: readonly ResultRecord[],
  model: string,
  suites: readonly DeclaringSuite[],
): ContextMeasurements {
  const measurements = contextMeasurements(
    (quantity) => {
      const declared = metricMeasuring(suites, quantity);
      if (!declared) return undefined;
      return records.findLast(
        (record) => record.model === model && isOf(record, declared) && (measuredNumber(record) ?? 0) > 0,
      );
    },
    (a, b) => records.lastIndexOf(a) > records.lastIndexOf(b),
  );
  const cacheSettings = cacheSettingsEvidence((quantity) =>
    latestOf(records, model, suites, quantity, { usable: true }),
  );
  if (cacheSettings) measurements.cacheSettings = cacheSettings;
  return measurements;
}

const DEFAULT_PORT: Record<BackendId, number> = { ollama: 11434, 'llama-server': 8080, anthropic: 8000 };

export const defaultOllamaUrl = (mode: NetworkMode, backend: BackendId = 'ollama'): string =>
  `http://${mode === 'host' ? 'localhost' : 'host.docker.internal'}:${DEFAULT_PORT[backend]}`;

/** Room for Claude Code's answer inside the window (it asks for 32000 by default). */
const maxOutputTokensFor = (window: number): number =>
  Math.min(32_000, Math.max(4_096, Math.floor(window / 4 / 1024) * 1024));

/**
 * Claude Code 2.1.332 reads a CLAUDE_CODE_AUTO_COMPACT_WINDOW below this as this (with a warning),
 * so below it only CLAUDE_CODE_MAX_CONTEXT_TOKENS moves the window (test/fixtures/claude-code/README.md).
 */
export const MIN_AUTO_COMPACT_WINDOW = 100_000;

/** Where Claude Code 2.1.332 compacts: window − min(max output, 20000) − 13000 (same README). */
export const compactThreshold = (window: number, maxOutputTokens: number): number =>
  window - Math.min(maxOutputTokens, 20_000) - 13_000;

/** Claude Code's first request is ~13K tokens: below this threshold it compacts nearly every turn and gives up ("thrashing"). */
const WORKABLE_THRESHOLD_TOKENS = 24_000;

/** The settings `bench launch` sets, by what they are for; the agent suite proves each group by leaving it out. */
export const SETTING_GROUPS = {
  compaction: ['CLAUDE_CODE_MAX_CONTEXT_TOKENS', 'CLAUDE_CODE_AUTO_COMPACT_WINDOW', 'CLAUDE_CODE_MAX_OUTPUT_TOKENS'],
  model_names: [
    'ANTHROPIC_DEFAULT_OPUS_MODEL',
    'ANTHROPIC_DEFAULT_SONNET_MODEL',
    'ANTHROPIC_DEFAULT_HAIKU_MODEL',
    'CLAUDE_CODE_SUBAGENT_MODEL',
  ],
} as const;
export type SettingGroup = keyof typeof SETTING_GROUPS;

/** The compaction group for a window: Claude Code's context size, its answer budget, and the auto-compact window where it is honoured. */
export function compactionEnv(windowTokens: number): Record<string, string> {
  return {
    CLAUDE_CODE_MAX_CONTEXT_TOKENS: String(windowTokens),
    ...(windowTokens >= MIN_AUTO_COMPACT_WINDOW ? { CLAUDE_CODE_AUTO_COMPACT_WINDOW: String(windowTokens) } : {}),
    CLAUDE_CODE_MAX_OUTPUT_TOKENS: String(maxOutputTokensFor(windowTokens)),
  };
}

/** `env` without one group's settings (what the agent suite compares against). */
export function withoutGroup(env: Record<string, string>, group: SettingGroup): Record<string, string> {
  const names: readonly string[] = SETTING_GROUPS[group];
  return Object.fromEntries(Object.entries(env).filter(([name]) => !names.includes(name)));
}

/**
 * The context to serve at when the server must be raised anyway: the largest the model really
 * uses (effective, else trained) that was measured to fit in VRAM — never less than `required`
 * (a shortfall is contextFix's to cap and explain). Without a VRAM measurement, `required`.
 */
export function servingTarget(measurements: ContextMeasurements, required: number): number {
  const server = measurements.serverContextTokens;
  if (server !== null && server >= required) return required;
  const fits = measurements.vramContextTokens ?? null;
  const used = measurements.effectiveContextTokens ?? measurements.claimedContextTokens;
  if (fits === null || fits <= 0 || used === null) return required;
  return Math.max(required, Math.floor(Math.min(fits, used) / 1024) * 1024);
}

export function planLaunch(input: LaunchInput): LaunchPlan {
  const { model, measurements } = input;
  const required = servingTarget(measurements, input.requiredTokens ?? REQUIRED_CONTEXT_TOKENS);
  const backend = input.backend ?? 'ollama';
  const advice = adviceFor(backend);
  const fix = contextFix(
    model,
    { required, claimed: measurements.claimedContextTokens, effective: measurements.effectiveContextTokens },
    advice,
  );
  const server = measurements.serverContextTokens;
  const effective = measurements.effectiveContextTokens;
  const serverIsEnough = server !== null && server >= fix.targetTokens;
  const contextTokens = serverIsEnough ? server : fix.targetTokens;
  const compactWindowTokens = effective !== null && effective > 0 ? Math.min(contextTokens, effective) : contextTokens;
  const notes: string[] = [];
  if (server === null && effective === null && measurements.claimedContextTokens === null) {
    notes.push(
      `No context measurements for ${model}: these settings assume ${contextTokens} tokens. Measure with \`bench run --models ${model}\` (its default suites measure the context) and run bench launch again.`,
    );
  }
  if (serverIsEnough)
    notes.push(`The server already runs ${model} at ${server} tokens (measured): no server change needed.`);
  else
    notes.push(
      `The server runs ${model} at ${server ?? 'an unmeasured number of'} tokens; Claude Code's first request alone is ~13K. Raise it to ${contextTokens} where ${advice.serverName} runs.`,
    );
  if (fix.cappedBy === 'claimed')
    notes.push(
      `${model} is trained for ${measurements.claimedContextTokens} tokens only, below the ${required} Claude Code needs: prefer a model with a longer context.`,
    );
  if (fix.cappedBy === 'effective')
    notes.push(
      `${model} recalls reliably only up to ${effective} tokens, below the ${required} Claude Code needs: prefer a model with a longer effective context.`,
    );
  if (compactWindowTokens < contextTokens)
    notes.push(`Claude Code compacts at ${compactWindowTokens} tokens: ${model} stops recalling reliably beyond that.`);
  if (compactWindowTokens < MIN_AUTO_COMPACT_WINDOW)
    notes.push(
      `CLAUDE_CODE_AUTO_COMPACT_WINDOW is left out: Claude Code reads values below ${MIN_AUTO_COMPACT_WINDOW} as ${MIN_AUTO_COMPACT_WINDOW}; CLAUDE_CODE_MAX_CONTEXT_TOKENS sets the ${compactWindowTokens}-token window instead.`,
    );
  const threshold = compactThreshold(compactWindowTokens, maxOutputTokensFor(compactWindowTokens));
  if (threshold < WORKABLE_THRESHOLD_TOKENS)
    notes.push(
      `At ${compactWindowTokens} tokens Claude Code compacts at ~${Math.max(threshold, 0)} tokens, about the size of its own first request: long sessions will stop with "Autocompact is thrashing". Prefer a model and server context of 65536 or more.`,
    );

  // The cache-saving settings go in unless the session suite measured them slower here (suites/session/advice.ts).
  const cache = cacheSettingsForLaunch(measurements.cacheSettings);
  notes.push(cache.note);

  const claudeEnv: Record<string, string> = {
    ANTHROPIC_BASE_URL: input.ollamaUrl ?? defaultOllamaUrl(input.networkMode, backend),
    ANTHROPIC_AUTH_TOKEN: 'ollama',
    ANTHROPIC_API_KEY: '',
    ANTHROPIC_DEFAULT_OPUS_MODEL: model,
    ANTHROPIC_DEFAULT_SONNET_MODEL: model,
    ANTHROPIC_DEFAULT_HAIKU_MODEL: model,
    CLAUDE_CODE_SUBAGENT_MODEL: model,
    ...compactionEnv(compactWindowTokens),
    ...cache.env,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_ERROR_REPORTING: '1',
    DISABLE_FEEDBACK_COMMAND: '1',
    CLAUDE_CODE_DISABLE_FEEDBACK_SURVEY: '1',
  };
  return {
    model,
    image: input.image,
    networkMode: input.networkMode,
    claudeEnv,
    contextTokens,
    serverChange: serverIsEnough
      ? null
      : {
          env: advice.serverEnv(contextTokens),
          command: advice.serveCommand(model, contextTokens),
          modelfile: fix.modelfile,
          createCommand: fix.createCommand,
          variantModel: fix.variantModel,
        },
    compactWindowTokens,
    backend,
    notes,
  };
}

/**
 * The environment the agent suite gives Claude Code (the session sets the base URL itself). The
 * suite cannot restart the server, so with `serverContextTokens` the window is what the server
 * runs now, not what bench launch would raise it to.
 */
export function claudeSettingsEnv(plan: LaunchPlan, serverContextTokens: number | null = null): Record<string, string> {
  const { ANTHROPIC_BASE_URL: _baseUrl, ...rest } = plan.claudeEnv;
  if (serverContextTokens === null || serverContextTokens >= plan.compactWindowTokens) return rest;
  return { ...withoutGroup(rest, 'compaction'), ...compactionEnv(serverContextTokens) };
}

const SAFE_WORD = /^[A-Za-z0-9_.:/@%+=,-]+$/;
const shellQuote = (text: string): string => (SAFE_WORD.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

function dockerRunWords(plan: LaunchPlan): string[][] {
  const network =
    plan.networkMode === 'host' ? ['--network', 'host'] : ['--add-host', 'host.docker.internal:host-gateway'];
  return [
    ['docker', 'run', '-it', '--rm', ...network],
    ...Object.entries(plan.claudeEnv).map(([name, value]) => ['-e', shellQuote(`${name}=${value}`)]),
    ['-v', '"$PWD":/workspace'],
    [plan.image, '--model', shellQuote(plan.model)],
  ];
}

export function renderDockerRun(plan: LaunchPlan): string {
  return dockerRunWords(plan)
    .map((words) => words.join(' '))
    .join(' \\\n  ');
}

/** The same `docker run` on one line (for an alias, or a list of commands). */
export function renderDockerRunLine(plan: LaunchPlan): string {
  return dockerRunWords(plan)
    .map((words) => words.join(' '))
    .join(' ');
}

export function renderAlias(plan: LaunchPlan, name = 'claude-local'): string {
  const command = renderDockerRunLine(plan);
  return `alias ${name}='${command.replace(/'/g, `'\\''`)}'`;
}

export function renderCompose(plan: LaunchPlan, claudeCodeVersion: string): string {
  const yaml = (text: string) => JSON.stringify(text);
  const network =
    plan.networkMode === 'host'
      ? ['    network_mode: host']
      : ['    extra_hosts:', '      - "host.docker.internal:host-gateway"'];
  return [
    `# Claude Code with ${plan.model} on ${adviceFor(plan.backend).serverName}, settings from bench launch.`,
    '# docker compose run --rm claude-code',
    'services:',
    '  claude-code:',
    `    image: ${plan.image}`,
    '    build:',
    '      context: .',
    '      args:',
    `        CLAUDE_CODE_VERSION: ${yaml(claudeCodeVersion)}`,
    ...network,
    '    user: "1000:1000"',
    '    working_dir: /workspace',
    '    environment:',
    ...Object.entries(plan.claudeEnv).map(([name, value]) => `      ${name}: ${yaml(value)}`),
    '    volumes:',
    '      - .:/workspace',
    '    stdin_open: true',
    '    tty: true',
    `    command: [${['--model', plan.model].map(yaml).join(', ')}]`,
    '',
  ].join('\n');
}

/** The server side: what to set where Ollama runs, when the measured context is not enough. */
export function renderServerSettings(plan: LaunchPlan): string {
  const name = adviceFor(plan.backend).serverName;
  if (!plan.serverChange)
    return `# ${name}: nothing to change (it already runs ${plan.model} at ${plan.contextTokens} tokens).`;
  const { env, command, modelfile, createCommand, variantModel } = plan.serverChange;
  if (!modelfile || !createCommand) {
    return [`# ${name}, where it runs: restart it with ${plan.contextTokens} tokens of context`, command].join('\n');
  }
  const assignments = Object.entries(env)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  return [
    '# Ollama, where it runs (all models): restart the server with',
    `${assignments} ollama serve`,
    `#   systemd: systemctl edit ollama → Environment="${assignments}"; Docker: -e ${assignments}`,
    `# or only for ${plan.model}: a Modelfile, then use ${variantModel} as the model above`,
    ...modelfile.split('\n').map((line) => `#   ${line}`),
    `#   ${createCommand}`,
  ].join('\n');
}

export function renderLaunch(plan: LaunchPlan, claudeCodeVersion: string): string {
  return [
    `# bench launch: Claude Code with ${plan.model}`,
    ...plan.notes.map((note) => `# ${note}`),
    '',
    renderServerSettings(plan),
    '',
    `# Build the image once (the Dockerfile ships with claude-code-bench):`,
    `docker build -t ${plan.image} --build-arg CLAUDE_CODE_VERSION=${claudeCodeVersion} .`,
    '',
    '# Run Claude Code in the current directory:',
    renderDockerRun(plan),
    '',
    '# Or as a shell alias (~/.bashrc, ~/.zshrc):',
    renderAlias(plan),
    '',
    '# Or compose.yaml (docker compose run --rm claude-code):',
    renderCompose(plan, claudeCodeVersion),
  ].join('\n');
}
