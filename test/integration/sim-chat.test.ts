// Ollama's native generation routes on the simulator, through the `ollama` npm client.
import { Ollama, type Tool } from 'ollama';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';

let sim: RunningSimulator;
let ollama: Ollama;
beforeAll(async () => {
  sim = await startSimulator();
  ollama = new Ollama({ host: sim.url });
});
afterAll(() => sim.close());

const TOOLS: Tool[] = [
  {
    type: 'function',
    function: {
      name: 'read_file',
      description: 'Read a file',
      parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
    },
  },
  {
    type: 'function',
    function: {
      name: 'run_command',
      description: 'Run a shell command',
      parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
    },
  },
];
const TIMING_FIELDS = [
  'total_duration',
  'load_duration',
  'prompt_eval_count',
  'prompt_eval_duration',
  'eval_count',
  'eval_duration',
] as const;

describe('sim /api/chat', () => {
  it('streams NDJSON by default, tokens first and timings on the done line', async () => {
    const stream = await ollama.chat({
      model: 'sim-good',
      messages: [{ role: 'user', content: 'Write 12 words about rain.' }],
      stream: true,
    });
    const parts = [];
    for await (const part of stream) parts.push(part);
    expect(parts.length).toBeGreaterThan(3);
    const last = parts.at(-1)!;
    expect(parts.slice(0, -1).every((p) => !p.done)).toBe(true);
    expect(last).toMatchObject({ done: true, done_reason: 'stop', model: 'sim-good' });
    for (const field of TIMING_FIELDS) expect(last[field]).toBeGreaterThan(0);
    const text = parts.map((p) => p.message.content).join('');
    expect(text.split(' ')).toHaveLength(12);
    expect(last.eval_count).toBe(Math.ceil(text.length / 4));
    expect(last.total_duration).toBeGreaterThanOrEqual(last.prompt_eval_duration + last.eval_duration);
  });

  it("is a stream when `stream` is left out (Ollama's default)", async () => {
    const response = await fetch(`${sim.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model: 'sim-instant', messages: [{ role: 'user', content: 'Count from 1 to 3.' }] }),
    });
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.at(-1).done).toBe(true);
    expect(lines.map((l) => l.message.content).join('')).toBe('1, 2, 3.');
  });

  it('returns tool calls with arguments as an object', async () => {
    const reply = await ollama.chat({
      model: 'sim-good',
      messages: [{ role: 'user', content: 'Read docs/a.md and run `ls -la`' }],
      tools: TOOLS,
    });
    // " and " does not split steps: one read (the command is part of the read step's text).
    expect(reply.message.tool_calls?.[0].function).toEqual({
      index: 0,
      name: 'read_file',
      arguments: { path: '/workspace/docs/a.md' },
    });
    const parallel = await ollama.chat({
      model: 'sim-good',
      messages: [{ role: 'user', content: 'Read docs/a.md. Run `ls -la`.' }],
      tools: TOOLS,
    });
    expect(parallel.message.tool_calls?.map((c) => c.function.name)).toEqual(['read_file', 'run_command']);
    expect(parallel.done_reason).toBe('stop');
  });

  it('continues after tool results given as tool messages', async () => {
    const reply = await ollama.chat({
      model: 'sim-good',
      tools: TOOLS,
      messages: [
        { role: 'user', content: 'Read a.txt' },
        {
          role: 'assistant',
          content: '',
          tool_calls: [{ function: { name: 'read_file', arguments: { path: '/workspace/a.txt' } } }],
        },
        { role: 'tool', content: 'alpha\nbeta' },
      ],
    });
    expect(reply.message.content).toBe('Done. alpha');
    expect(reply.message.tool_calls).toBeUndefined();
  });

  it('stops at num_predict with done_reason "length"', async () => {
    const reply = await ollama.chat({
      model: 'sim-instant',
      messages: [{ role: 'user', content: 'Write 200 words.' }],
      options: { num_predict: 10 },
    });
    expect(reply.done_reason).toBe('length');
    expect(reply.eval_count).toBe(10);
    expect(reply.message.content.length).toBe(40);
  });

  it('truncates what the model sees to num_ctx', async () => {
    const haystack = `${'Nothing to see here. '.repeat(2000)}The secret code for K1 is 42. `;
    const question = 'What is the secret code for K1?';
    const big = await ollama.chat({
      model: 'sim-instant',
      messages: [{ role: 'user', content: haystack + question }],
      options: { num_ctx: 32768 },
    });
    expect(big.message.content).toBe('The secret code for K1 is 42.');
    const early = `The secret code for K1 is 42. ${'Nothing to see here. '.repeat(2000)}${question}`;
    const small = await ollama.chat({
      model: 'sim-instant',
      messages: [{ role: 'user', content: early }],
      options: { num_ctx: 4096 },
    });
    expect(small.message.content).toBe('I could not find it.');
    expect(small.prompt_eval_count).toBeLessThan(4096);
  });
});

describe('sim /api/generate', () => {
  it('loads without generating for an empty prompt', async () => {
    const reply = await ollama.generate({ model: 'sim-good', prompt: '' });
    expect(reply).toMatchObject({ done: true, done_reason: 'load', response: '' });
  });

  it('generates from a prompt, streamed and whole', async () => {
    const whole = await ollama.generate({ model: 'sim-good', prompt: 'Count from 1 to 4.' });
    expect(whole.response).toBe('1, 2, 3, 4.');
    for (const field of TIMING_FIELDS) expect(whole[field]).toBeGreaterThan(0);
    const parts = [];
    for await (const part of await ollama.generate({ model: 'sim-good', prompt: 'Count from 1 to 4.', stream: true }))
      parts.push(part);
    expect(parts.map((p) => p.response).join('')).toBe('1, 2, 3, 4.');
    expect(parts.at(-1)?.done).toBe(true);
  });
});
