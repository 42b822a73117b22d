// Conformance of the simulator's llama-server personality with a real llama-server (llama.cpp
// 34af94cd with a tiny random model, `-c N --jinja --metrics`): each recorded request in
// test/fixtures/llama-server/ is replayed, in order, against the simulator over real HTTP and the
// answers compared by shape (status, media type, SSE event sequence, JSON field paths and types).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';
import { compareAnswers, loadRecordings, replay, type Answer, type CompareOptions } from './conformance-shapes.js';

const recordings = loadRecordings(new URL('../fixtures/llama-server/', import.meta.url));

/**
 * Where a real model's output, not the server, decides the shape (the tiny random model writes
 * text where the simulated one calls a tool, or stops elsewhere): only these may differ, per recording.
 */
const MODEL_DEPENDENT: Record<string, CompareOptions> = {};

/** The server context the recording was made with (from /props). */
function recordedContext(): number | undefined {
  const props = recordings.find((r) => r.request.method === 'GET' && r.request.path === '/props');
  return props ? (JSON.parse(props.response.body) as { default_generation_settings?: { n_ctx?: number } }).default_generation_settings?.n_ctx : undefined;
}

/** Prometheus `# TYPE` lines of a /metrics body (the recordings keep its first lines only). */
const metricTypes = (text: string): string[] => [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`);

let sim: RunningSimulator;
const answers = new Map<string, Answer>();

beforeAll(async () => {
  if (recordings.length === 0) return;
  sim = await startSimulator({ backend: 'llama-server', contextLength: recordedContext() });
  // In the recorded order: the prompt cache, /slots and /metrics depend on what came before.
  for (const recording of recordings) answers.set(recording.name, await replay(sim.url, recording));
});
afterAll(() => sim?.close());

describe.skipIf(recordings.length === 0)('conformance: simulator vs a real llama-server', () => {
  it.each(recordings.map((r) => [r.name, r] as const))('%s', (name, recording) => {
    const answer = answers.get(name)!;
    expect(compareAnswers(recording, answer, MODEL_DEPENDENT[name])).toEqual([]);
    if (recording.request.path === '/metrics') {
      const types = metricTypes(answer.body);
      for (const metric of metricTypes(recording.response.body)) expect(types, 'metrics').toContain(metric);
    }
  });
});

describe.skipIf(recordings.length > 0)('conformance: llama-server recordings', () => {
  it('has none yet (test/fixtures/llama-server/ is empty)', () => expect(recordings).toEqual([]));
});
