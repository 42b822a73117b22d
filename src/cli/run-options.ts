// `bench run` options, validated with zod into RunOptions; every problem is a UsageError (exit 2).
import { z } from 'zod';
import { ALL_SUITES } from '../../suites/index.js';
import { DEFAULT_OPTIONS } from '../run/context.js';
import { BACKEND_IDS, type BackendChoice } from '../servers/types.js';
import type { RunOptions } from '../types.js';
import { normalizeHost } from './host.js';
import { validChoices } from './closest.js';
import { UsageError, describeIssues, shownValue } from './usage.js';

export interface RawRunOptions {
  models?: string;
  host?: string;
  backend?: string;
  json?: boolean;
  quiet?: boolean;
  sim?: boolean;
  suites?: string;
  out?: string;
  reps?: string;
  parallel?: string;
  timeout?: string;
  failOn?: string;
  resume?: string;
  claudeCodeVersion?: string;
  quick?: boolean;
}

/** The suites `--suites` can name: the registry's, in its order. */
const SUITE_IDS: readonly string[] = ALL_SUITES.map((suite) => suite.id);

/** The simulator has no shared GPU: probes to it can go out side by side. */
export const SIM_PARALLEL = 64;

const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._\-/:]*$/;

const commaList = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const schema = z.object({
  models: z
    .array(z.string().regex(MODEL_NAME, 'model names look like llama3.1:8b (letters, digits, . _ - / :)'))
    .refine((list) => new Set(list).size === list.length, 'a model is listed twice'),
  suites: z
    .array(z.string().refine((id) => SUITE_IDS.includes(id), `unknown suite; choose from ${SUITE_IDS.join(', ')}`))
    .min(1, 'name at least one suite'),
  reps: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000'),
  parallel: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(64, 'must be at most 64'),
  timeout: z.coerce
    .number({ message: 'must be a number of seconds' })
    .min(1, 'must be at least 1 second (a model server needs that long to answer anything)')
    .max(86_400, 'must be at most a day'),
  failOn: z.enum(['warn', 'fail'], { message: 'must be warn or fail' }).nullable(),
  claudeCodeVersion: z.string().regex(/^(latest|\d+\.\d+\.\d+(-[\w.]+)?)$/, 'a version like 2.1.332 or "latest"'),
});

/** `--suites throughput,toolz` → "unknown suite toolz; did you mean tool-use? Valid: …". */
function checkSuites(listed: readonly string[]): void {
  for (const name of listed) {
    if (!SUITE_IDS.includes(name))
      throw new UsageError(
        `--suites: unknown suite ${shownValue(name)}${validChoices(name, SUITE_IDS, `${SUITE_IDS.join(', ')} (or all)`)}`,
      );
  }
}

function checkModelNames(listed: readonly string[]): void {
  for (const name of listed) {
    if (!MODEL_NAME.test(name))
      throw new UsageError(
        `--models: ${shownValue(name)} is not a model name; model names look like llama3.1:8b (letters, digits, . _ - / :)`,
      );
  }
}

export function parseRunOptions(raw: RawRunOptions, env: NodeJS.ProcessEnv, defaultModels: () => string[]): RunOptions {
  const suites =
    raw.suites === 'all'
      ? [...SUITE_IDS]
      : raw.suites
        ? commaList(raw.suites)
        : ALL_SUITES.filter((suite) => suite.defaultOn).map((suite) => suite.id);
  if (raw.models !== undefined && commaList(raw.models).length === 0)
    throw new UsageError(
      `--models ${shownValue(raw.models)}: give at least one model, e.g. --models llama3.1:8b,qwen2.5-coder:32b`,
    );
  if (raw.suites !== undefined && raw.suites !== 'all' && commaList(raw.suites).length === 0)
    throw new UsageError(`--suites "${raw.suites}": name at least one suite of ${SUITE_IDS.join(', ')}, or all`);
  checkSuites(suites);
  checkModelNames(commaList(raw.models));
  if (raw.failOn !== undefined && raw.failOn !== 'warn' && raw.failOn !== 'fail')
    throw new UsageError(
      `--fail-on ${shownValue(raw.failOn)}: not a level${validChoices(raw.failOn, ['warn', 'fail'])}`,
    );
  if (raw.out !== undefined && !raw.out.trim())
    throw new UsageError('--out "": give a directory, or leave --out out for results/<UTC time>');
  if (raw.out !== undefined && /[\u0000-\u001f]/.test(raw.out))
    throw new UsageError(
      `--out ${JSON.stringify(raw.out)}: the path holds a control character (a newline?); give a plain directory name`,
    );
  for (const [flag, value] of [
    ['--reps', raw.reps],
    ['--parallel', raw.parallel],
  ] as const) {
    if (value !== undefined && !/^\s*\d+\s*$/.test(value))
      throw new UsageError(`${flag} "${value}": must be a whole number written in decimal digits, e.g. ${flag} 3`);
  }
  if (raw.timeout !== undefined && !/^\s*\d+(\.\d+)?\s*$/.test(raw.timeout))
    throw new UsageError(`--timeout "${raw.timeout}": must be a number of seconds, e.g. --timeout 120`);
  const parsed = schema.safeParse({
    models: raw.models ? commaList(raw.models) : [],
    suites,
    // --quick: one repetition, unless --reps says otherwise.
    reps: raw.reps ?? (raw.quick ? 1 : DEFAULT_OPTIONS.reps),
    parallel: raw.parallel ?? (raw.sim ? SIM_PARALLEL : DEFAULT_OPTIONS.parallel),
    timeout: raw.timeout ?? DEFAULT_OPTIONS.timeoutMs / 1000,
    failOn: raw.failOn ?? null,
    claudeCodeVersion: raw.claudeCodeVersion ?? DEFAULT_OPTIONS.claudeCodeVersion,
  });
  if (!parsed.success) throw new UsageError(describeIssues(parsed.error.issues, { ...raw }));
  const models = parsed.data.models.length ? parsed.data.models : defaultModels();
  if (models.length === 0)
    throw new UsageError('--models: name the models to test, e.g. --models llama3.1:8b (or use --sim)');
  const ordered = SUITE_IDS.filter((id) => parsed.data.suites.includes(id));
  return {
    models,
    suites: ordered,
    simulated: raw.sim === true,
    host: raw.sim ? '' : normalizeHost(raw.host ?? env.OLLAMA_HOST, raw.host !== undefined ? '--host' : 'OLLAMA_HOST'),
    backend: parseBackend(raw.backend),
    outDir: raw.out ?? raw.resume ?? '',
    reps: parsed.data.reps,
    parallel: parsed.data.parallel,
    timeoutMs: Math.round(parsed.data.timeout * 1000),
    failOn: parsed.data.failOn,
    claudeCodeVersion: parsed.data.claudeCodeVersion,
    ...(raw.quick ? { quick: true } : {}),
  };
}

export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', ...BACKEND_IDS];

/** `--backend`: auto (the default) or one of the backends; anything else names the choices. */
export function parseBackend(raw: string | undefined): BackendChoice {
  if (raw === undefined) return 'auto';
  const value = raw.trim();
  if ((BACKEND_CHOICES as readonly string[]).includes(value)) return value as BackendChoice;
  throw new UsageError(`--backend ${shownValue(raw)}: not a backend${validChoices(value, BACKEND_CHOICES)}`);
}
