// Conformance of the simulator's Ollama personality with a real Ollama (v0.33.0-rc2, llama-server
// engine, a tiny random qwen2 model that Ollama renders with llama-server's own template): each
// recorded request in test/fixtures/ollama/ is replayed, in order, against the simulator over real
// HTTP and the answers compared by shape (status, media type, SSE sequence, JSON/NDJSON field paths).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';
import {
  compareAnswers,
  loadRecordings,
  replay,
  type Answer,
  type CompareOptions,
  type Recording,
} from './conformance-shapes.js';

const recordings = loadRecordings(new URL('../fixtures/ollama/', import.meta.url));

/** The recorded models are served by llama-server's template: the simulated model that is too. */
const MODELS: Record<string, string> = { 'tiny-qwen2': 'sim-llama-template', 'tiny-qwen2-ctx2k': 'sim-llama-template' };

function rewrite(request: Recording['request']): Recording['request'] {
  const rename = (name: string): string => MODELS[name.replace(/:latest$/, '')] ?? name;
  let { path, body } = request;
  if (path.startsWith('/v1/models/')) path = `/v1/models/${rename(path.slice('/v1/models/'.length))}`;
  if (body && typeof body === 'object' && typeof (body as { model?: unknown }).model === 'string')
    body = { ...(body as object), model: rename((body as { model: string }).model) };
  return { ...request, path, body };
}

/** model_info keys are named by architecture: compare them as `<arch>.…`. */
function normalize(shape: Map<string, Set<string>>, body: unknown): Map<string, Set<string>> {
  const arch = (body as { model_info?: Record<string, unknown> } | undefined)?.model_info?.['general.architecture'];
  if (typeof arch !== 'string') return shape;
  return new Map(
    [...shape].map(([path, types]) => [path.replace(`$.model_info.${arch}.`, '$.model_info.<arch>.'), types]),
  );
}

/** GGUF keys a real model has or lacks by its architecture (the tiny qwen2 has no key_length, no basename). */
const ARCHITECTURE_KEYS = [/^\$\.model_info\.(general\.basename|<arch>\.attention\.(key|value)_length):/];

/** Where the recorded model's files decide the shape: a Modelfile's PARAMETER lines. */
const MODEL_DEPENDENT: Record<string, CompareOptions> = {
  'api-show-ctx2k': { ignore: [/^\$\.parameters:/] },
};

let sim: RunningSimulator;
const answers = new Map<string, Answer>();

beforeAll(async () => {
  if (recordings.length === 0) return;
  sim = await startSimulator({ backend: 'ollama' });
  // In the recorded order: /api/ps and the prompt cache depend on what came before.
  for (const recording of recordings) answers.set(recording.name, await replay(sim.url, recording, rewrite));
});
afterAll(() => sim?.close());

describe('conformance: simulator vs a real Ollama', () => {
  it('has the recorded exchanges (test/fixtures)', () => expect(recordings.length).toBeGreaterThan(0));

  it.each(recordings.map((r) => [r.name, r] as const))('%s', (name, recording) => {
    const options = MODEL_DEPENDENT[name] ?? {};
    expect(
      compareAnswers(recording, answers.get(name)!, {
        ...options,
        ignore: [...ARCHITECTURE_KEYS, ...(options.ignore ?? [])],
        normalize,
      }),
    ).toEqual([]);
  });
});
