// Conformance of the simulator's llama-server personality with a real llama-server (llama.cpp
// upstream 82bb48500 — unslothai/llama.cpp master — with a tiny random model, `-c N --jinja --metrics`): each recorded request in
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
const TEXT_KINDS = /^content_block_(start:text|delta:text_delta)$/;
const TEXT_PATHS = [/^content_block_(delta\.delta|start\.content_block)\.text:/];
const TOOL_KINDS = /^content_block_(start:tool_use|delta:input_json_delta)$/;
const TOOL_PATHS = [/^content_block_delta\.delta\.partial_json:/, /^content_block_start\.content_block\.(id|name):/];
/** The random model writes text before the tool calls a forced `tool_choice` makes it write; the simulated one does not. */
const TEXT_BEFORE_TOOLS: CompareOptions = { dropKinds: TEXT_KINDS, ignore: TEXT_PATHS };
/** The random model called a tool where the simulated one (no instruction it understands) answers in text. */
const CALLED_ANYWAY: CompareOptions = { ignore: [/^\$\.content\[\]\.(id|name|input)/] };
const MODEL_DEPENDENT: Record<string, CompareOptions> = {
  // The recorded server had run tasks before: its slots already held them (slots-after checks those fields).
  slots: {
    ignore: [/^\$\[\]\.(id_task|n_prompt_tokens|n_prompt_tokens_processed|n_prompt_tokens_cache|params|next_token)\b/],
  },
  'messages-tools': CALLED_ANYWAY,
  'messages-tool-choice-none': CALLED_ANYWAY, // llama-server ignores tool_choice none
  'messages-tools-stream': { dropKinds: TOOL_KINDS, ignore: TOOL_PATHS },
  'messages-tools-truncated-stream': TEXT_BEFORE_TOOLS,
  'messages-tool-choice-any': { ignore: [/^\$\.content\[\]\.text:/] },
  'messages-tool-choice-any-stream': TEXT_BEFORE_TOOLS,
  'messages-tool-choice-tool-stream': TEXT_BEFORE_TOOLS,
  'messages-parallel-tools-stream': TEXT_BEFORE_TOOLS,
  'messages-parallel-tools': { ignore: [/^\$\.content\[\]\.text:/] },
};

/** The server context the recording was made with (from /props). */
function recordedContext(): number | undefined {
  const props = recordings.find((r) => r.request.method === 'GET' && r.request.path === '/props');
  return props
    ? (JSON.parse(props.response.body) as { default_generation_settings?: { n_ctx?: number } })
        .default_generation_settings?.n_ctx
    : undefined;
}

/** Prometheus `# TYPE` lines of a /metrics body (the recordings keep its first lines only). */
const metricTypes = (text: string): string[] =>
  [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`);

let sim: RunningSimulator;
const answers = new Map<string, Answer>();

beforeAll(async () => {
  if (recordings.length === 0) return;
  sim = await startSimulator({ backend: 'llama-server', contextLength: recordedContext() });
  // In the recorded order: the prompt cache, /slots and /metrics depend on what came before.
  for (const recording of recordings) answers.set(recording.name, await replay(sim.url, recording));
});
afterAll(() => sim?.close());

describe('conformance: simulator vs a real llama-server', () => {
  it('has the recorded exchanges (test/fixtures)', () => expect(recordings.length).toBeGreaterThan(0));

  it.each(recordings.map((r) => [r.name, r] as const))('%s', (name, recording) => {
    const answer = answers.get(name)!;
    expect(compareAnswers(recording, answer, MODEL_DEPENDENT[name])).toEqual([]);
    if (recording.request.path === '/metrics') {
      const types = metricTypes(answer.body);
      for (const metric of metricTypes(recording.response.body)) expect(types, 'metrics').toContain(metric);
    }
  });
});
