// run.json: writing it with a stable key order, and reading it back with validation.
import { z } from 'zod';
import { BACKEND_IDS } from '../servers/types.js';
import { STATUSES, SUITE_ID_PATTERN, type RunFile } from '../types.js';
import { errorMessage } from '../shared/errors.js';

/** Any suite's id, the built-in ones and a custom suite's alike. */
const suiteIdSchema = z.string().regex(SUITE_ID_PATTERN, 'a suite id: lower-case letters, digits and dashes');

const recordSchema = z.object({
  run_id: z.string(),
  model: z.string(),
  suite: suiteIdSchema,
  metric: z.string(),
  value: z.union([z.number(), z.string(), z.null()]),
  unit: z.string(),
  status: z.enum(STATUSES),
  detail: z.string(),
  advice: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  time: z.string(),
});

const hardwareSchema = z.object({
  cpu: z.object({ model: z.string(), cores: z.number(), physicalCores: z.number() }),
  memory: z.object({ totalBytes: z.number(), freeBytes: z.number() }),
  gpus: z.array(
    z.object({ vendor: z.string(), model: z.string(), vramBytes: z.number().nullable(), unifiedMemory: z.boolean() }),
  ),
  os: z.object({ platform: z.string(), distro: z.string(), release: z.string(), arch: z.string() }),
  docker: z.object({ available: z.boolean(), version: z.string().nullable(), detail: z.string() }),
});

const environmentSchema = z.object({
  harnessVersion: z.string(),
  nodeVersion: z.string(),
  server: z.object({ backend: z.enum(BACKEND_IDS), url: z.string(), version: z.string().nullable() }),
  simulated: z.boolean(),
  hardware: hardwareSchema.nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  commandLine: z.array(z.string()),
  interrupted: z.boolean(),
});

/** A run's options as stored in run.json and in its journal's start. */
export const optionsSchema = z.object({
  models: z.array(z.string()),
  suites: z.array(suiteIdSchema),
  simulated: z.boolean(),
  host: z.string(),
  backend: z.enum(['auto', ...BACKEND_IDS]),
  reps: z.number(),
  parallel: z.number().default(1),
  timeoutMs: z.number(),
  failOn: z.enum(['warn', 'fail']).nullable(),
  claudeCodeVersion: z.string(),
  quick: z.boolean().optional(),
});

const costFiguresShape = {
  requests: z.number(),
  promptTokens: z.number(),
  cachedPromptTokens: z.number(),
  generatedTokens: z.number(),
  loads: z.number().nullable(),
  loadedAt: z.array(z.number().nullable()),
  otherRequests: z.number(),
};

const costSchema = z.object({
  total: z.object(costFiguresShape),
  models: z.array(
    z.object({
      model: z.string(),
      total: z.object(costFiguresShape),
      suites: z.array(z.object({ suite: suiteIdSchema, ...costFiguresShape })),
    }),
  ),
});

/** The files every run writes into its results directory. */
export const REPORT_FILES = { json: 'run.json', csv: 'results.csv', markdown: 'report.md' } as const;

export const RUN_FILE_SCHEMA_ID = 'claude-code-bench/run@2';
/** Files from before backends: Ollama only, `ollamaHost`/`ollamaVersion`. Read and upgraded. */
export const LEGACY_RUN_FILE_SCHEMA_ID = 'claude-code-bench/run@1';

export const runFileSchema = z.object({
  schema: z.literal(RUN_FILE_SCHEMA_ID),
  runId: z.string(),
  environment: environmentSchema,
  options: optionsSchema,
  records: z.array(recordSchema),
  sources: z
    .array(
      z.object({
        source: z.string(),
        runId: z.string(),
        simulated: z.boolean(),
        models: z.array(z.string()),
        environment: environmentSchema,
        options: optionsSchema,
      }),
    )
    .optional(),
  cost: costSchema.optional(),
});

// The schema must describe exactly the RunFile type; this line stops compiling if they drift apart.
const schemaMatchesType: [z.infer<typeof runFileSchema>, RunFile] extends [RunFile, z.infer<typeof runFileSchema>]
  ? true
  : never = true;
void schemaMatchesType;

// Keys of an object the schema describes come in schema order (readable: `schema` first, records
// read like CSV rows); keys of free-form objects (`data`) come sorted, at every depth.
function withStableKeys(value: unknown, schema: z.ZodType | null): unknown {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable)
    return withStableKeys(value, schema.unwrap() as z.ZodType);
  if (Array.isArray(value)) {
    const element = schema instanceof z.ZodArray ? (schema.element as z.ZodType) : null;
    return value.map((item) => withStableKeys(item, element));
  }
  if (value === null || typeof value !== 'object') return value;
  const shape: Record<string, z.ZodType> = schema instanceof z.ZodObject ? schema.shape : {};
  const described = Object.keys(shape);
  const rank = (key: string) => (described.includes(key) ? described.indexOf(key) : described.length);
  const entries = Object.entries(value as Record<string, unknown>).sort(
    ([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0),
  );
  return Object.fromEntries(entries.map(([key, item]) => [key, withStableKeys(item, shape[key] ?? null)]));
}

/** Pretty JSON with a key order that depends only on the content, so two runs diff cleanly. */
export function toJson(run: RunFile): string {
  return `${JSON.stringify(withStableKeys(run, runFileSchema), null, 2)}\n`;
}

/** A run.json that cannot be used; the message names the file and what is wrong with it. */
export class RunFileError extends Error {
  constructor(
    readonly source: string,
    readonly problem: string,
  ) {
    super(`${source}: ${problem}`);
    this.name = 'RunFileError';
  }
}

const MAX_ISSUES_SHOWN = 5;

/** Parses and validates run.json text; throws RunFileError naming `source` (a path) when it is unusable. */
export function parseRunFile(text: string, source: string): RunFile {
  if (text.trim() === '') throw new RunFileError(source, 'the file is empty');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RunFileError(source, `not valid JSON (${errorMessage(error)})`);
  }
  const parsed = runFileSchema.safeParse(upgradeLegacyRun(json));
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map(
    (issue) => `${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`,
  );
  const more = issues.length > MAX_ISSUES_SHOWN ? `; and ${issues.length - MAX_ISSUES_SHOWN} more` : '';
  throw new RunFileError(
    source,
    `not a valid ${RUN_FILE_SCHEMA_ID} file: ${issues.slice(0, MAX_ISSUES_SHOWN).join('; ')}${more}`,
  );
}

type Loose = Record<string, unknown>;
const isLoose = (value: unknown): value is Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A `run@1` environment/options pair as `run@2` has it: the server was Ollama. */
export function upgradeLegacyParts(environment: unknown, options: unknown): void {
  if (isLoose(environment) && !('server' in environment) && 'ollamaHost' in environment) {
    environment.server = { backend: 'ollama', url: environment.ollamaHost, version: environment.ollamaVersion ?? null };
    delete environment.ollamaHost;
    delete environment.ollamaVersion;
  }
  if (isLoose(options) && !('host' in options) && 'ollamaHost' in options) {
    options.host = options.ollamaHost;
    options.backend = 'ollama';
    delete options.ollamaHost;
  }
}

/** run@1 → run@2 (anything else is left for the schema to judge). */
function upgradeLegacyRun(json: unknown): unknown {
  if (!isLoose(json) || json.schema !== LEGACY_RUN_FILE_SCHEMA_ID) return json;
  const copy = structuredClone(json) as Loose;
  copy.schema = RUN_FILE_SCHEMA_ID;
  upgradeLegacyParts(copy.environment, copy.options);
  if (Array.isArray(copy.sources))
    for (const source of copy.sources) if (isLoose(source)) upgradeLegacyParts(source.environment, source.options);
  return copy;
}
