// The nightly workflow's plan: which models (one matrix job each), on which runner, with which
// suites. Reads the workflow inputs from the environment and writes `key=value` lines for
// $GITHUB_OUTPUT to stdout. Plain Node (no build, no dependencies): it runs before `npm ci`.
//
//   INPUT_MODELS   comma-separated models from workflow_dispatch; empty → the models file
//   MODELS_FILE    default bench.models.json: { "models": [...], "suites": "a,b" }
//   BENCH_RUNNER   runner labels, comma-separated (e.g. "self-hosted,gpu"); empty → ubuntu-latest
import { readFileSync } from 'node:fs';

// Ollama model names: letters, digits and . _ - : / (namespace/model:tag). Anything else would end
// up in a shell command, a path or an artifact name, so it is refused.
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;
const SUITES = /^[a-z-]+(,[a-z-]+)*$/;

function fail(message) {
  process.stderr.write(`plan: ${message}\n`);
  process.exit(2);
}

function list(text) {
  return text.split(',').map((item) => item.trim()).filter(Boolean);
}

function readModelsFile(path) {
  let parsed;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    fail(`${path}: ${error.message}`);
  }
  if (!Array.isArray(parsed?.models) || !parsed.models.every((m) => typeof m === 'string')) fail(`${path}: "models" must be a list of model names`);
  if (parsed.suites !== undefined && typeof parsed.suites !== 'string') fail(`${path}: "suites" must be a comma-separated string`);
  return { models: parsed.models.map((m) => m.trim()).filter(Boolean), suites: parsed.suites ?? '' };
}

/** An artifact and directory name for a model: `library/qwen2.5-coder:7b` → `library-qwen2.5-coder-7b`. */
function slugOf(model) {
  return model.replace(/[^A-Za-z0-9._-]+/g, '-');
}

const env = process.env;
const fromFile = !(env.INPUT_MODELS ?? '').trim();
const file = fromFile ? readModelsFile(env.MODELS_FILE || 'bench.models.json') : null;
const models = [...new Set(fromFile ? file.models : list(env.INPUT_MODELS))];
const suites = (env.INPUT_SUITES ?? '').trim() || (file?.suites ?? '');
if (models.length === 0) fail('no models: give the "models" input or list them in the models file');
for (const model of models) if (!MODEL_NAME.test(model)) fail(`"${model}" is not a model name`);
if (suites && !SUITES.test(suites)) fail(`"${suites}" is not a comma-separated list of suites`);
const slugs = models.map(slugOf);
if (new Set(slugs).size !== slugs.length) fail(`two models share a directory name: ${slugs.join(', ')}`);
const runner = list(env.BENCH_RUNNER ?? '');

const outputs = {
  matrix: JSON.stringify({ include: models.map((model, i) => ({ model, slug: slugs[i] })) }),
  runner: JSON.stringify(runner.length === 0 ? 'ubuntu-latest' : runner.length === 1 ? runner[0] : runner),
  suites,
  // Only the regular model list updates the baseline; a hand-picked run is compared but not kept.
  from_file: String(fromFile),
};
process.stdout.write(Object.entries(outputs).map(([key, value]) => `${key}=${value}\n`).join(''));
