// The Ollama personality as Ollama v0.33 (llama-server engine) answers, over real HTTP: load-only
// replies, keep_alive 0, 405s, schema checks, the message_start estimate, /api/show's tensors and
// verbose arrays, the prompt cache, and the profiles that need that engine.
import { Ollama } from 'ollama';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/sim/server.js';

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});
const start = async (options: SimulatorOptions = {}): Promise<{ sim: RunningSimulator; ollama: Ollama }> => {
  sim = await startSimulator(options);
  return { sim, ollama: new Ollama({ host: sim.url }) };
};
const post = (s: RunningSimulator, path: string, body: unknown): Promise<Response> =>
  fetch(`${s.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const loaded = async (ollama: Ollama): Promise<string[]> => (await ollama.ps()).models.map((m) => m.name);

describe('sim Ollama v0.33: load and unload', () => {
  it('answers load-only requests with done_reason load and no durations', async () => {
    const { sim: s, ollama } = await start();
    const generate = await (await post(s, '/api/generate', { model: 'sim-instant', prompt: '', stream: false })).json();
    expect(generate).toMatchObject({ model: 'sim-instant', done: true, done_reason: 'load' });
    expect(generate).not.toHaveProperty('load_duration');
    expect(generate).not.toHaveProperty('total_duration');
    const chat = await (await post(s, '/api/chat', { model: 'sim-good', messages: [], stream: false })).json();
    expect(chat).toMatchObject({ done_reason: 'load', message: { role: 'assistant', content: '' } });
    expect(chat).not.toHaveProperty('load_duration');
    expect((await loaded(ollama)).sort()).toEqual(['sim-good:latest', 'sim-instant:latest']);
  });

  it('generates first, then unloads, for keep_alive 0 with a prompt', async () => {
    const { ollama } = await start();
    const reply = await ollama.generate({ model: 'sim-instant', prompt: 'Write 3 words.', keep_alive: 0 });
    expect(reply.done_reason).toBe('stop');
    expect(reply.response.split(' ')).toHaveLength(3);
    expect(reply.eval_count).toBeGreaterThan(0);
    expect(await loaded(ollama)).toEqual([]);
    const chat = await ollama.chat({
      model: 'sim-instant',
      messages: [{ role: 'user', content: 'Write 3 words.' }],
      keep_alive: 0,
    });
    expect(chat.message.content.split(' ')).toHaveLength(3);
    expect(await loaded(ollama)).toEqual([]);
    // Empty prompt with keep_alive 0 still only unloads.
    expect((await ollama.generate({ model: 'sim-instant', prompt: '', keep_alive: 0 })).done_reason).toBe('unload');
  });
});

describe('sim Ollama v0.33: routes and checks', () => {
  it('answers another method on a known path with 405 and HEAD /api/tags with 200', async () => {
    const { sim: s } = await start();
    const get = await fetch(`${s.url}/v1/messages`);
    expect(get.status).toBe(405);
    expect(await get.text()).toBe('405 method not allowed');
    expect((await fetch(`${s.url}/api/chat`)).status).toBe(405);
    expect((await fetch(`${s.url}/api/tags`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${s.url}/api/nothing`)).status).toBe(404);
  });

  it('fails a tool whose input_schema is not an object with 400 on /v1/messages', async () => {
    const { sim: s } = await start();
    const response = await post(s, '/v1/messages', {
      model: 'sim-good',
      max_tokens: 64,
      tools: [{ name: 'Bad', description: 'x', input_schema: 'string' }],
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(
      /^invalid input_schema for tool "Bad": json: cannot unmarshal string into Go value/,
    );
  });

  it('estimates message_start input_tokens from tools (name, description, schema) and role names', async () => {
    const { sim: s } = await start({ contextLength: 32768 });
    const schema = { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] };
    const body = {
      model: 'sim-instant',
      max_tokens: 64,
      stream: true,
      system: 'Be brief.',
      tools: [{ name: 'Read', description: 'Read a file', input_schema: schema }],
      messages: [{ role: 'user', content: 'Write 3 words.' }],
    };
    const text = await (await post(s, '/v1/messages', body)).text();
    const start_ = JSON.parse(/^data: (.*)$/m.exec(text)![1]);
    const chars =
      'Be brief.'.length +
      'user'.length +
      'Write 3 words.'.length +
      'Read'.length +
      'Read a file'.length +
      JSON.stringify(schema).length;
    expect(start_.message.usage.input_tokens).toBe(Math.floor(chars / 4));
  });

  it('answers a non-streamed /v1/messages reply with no content with "content": null (sim-empty)', async () => {
    const { sim: s } = await start();
    const body = await (
      await post(s, '/v1/messages', { model: 'sim-empty', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] })
    ).json();
    expect(body.content).toBeNull();
    expect(body.stop_reason).toBe('end_turn');
  });
});

describe('sim Ollama v0.33: /api/show', () => {
  it('lists tensors, and array-valued model_info keys only with verbose (null otherwise)', async () => {
    const { sim: s } = await start();
    const plain = await (await post(s, '/api/show', { model: 'sim-good' })).json();
    expect(plain.tensors.length).toBeGreaterThan(32 * 9);
    expect(plain.tensors[0]).toEqual({ name: 'token_embd.weight', type: 'Q4_K_M', shape: [4096, 128256] });
    expect(plain.model_info['tokenizer.ggml.tokens']).toBeNull();
    const verbose = await (await post(s, '/api/show', { model: 'sim-good', verbose: true })).json();
    expect(Array.isArray(verbose.model_info['tokenizer.ggml.tokens'])).toBe(true);
    expect(verbose.tensors).toEqual(plain.tensors);
    for (const [key, value] of Object.entries(plain.model_info))
      if (Array.isArray(verbose.model_info[key])) expect(value, key).toBeNull();
  });

  it("shows sim-hybrid's per-layer head_count_kv (0 for recurrent layers) only with verbose", async () => {
    const { sim: s } = await start();
    const plain = await (await post(s, '/api/show', { model: 'sim-hybrid' })).json();
    expect(plain.model_info['general.architecture']).toBe('granitehybrid');
    expect(plain.model_info['granitehybrid.attention.head_count_kv']).toBeNull();
    const verbose = await (await post(s, '/api/show', { model: 'sim-hybrid', verbose: true })).json();
    const perLayer = verbose.model_info['granitehybrid.attention.head_count_kv'] as number[];
    expect(perLayer).toHaveLength(40);
    expect(perLayer.filter((heads) => heads > 0)).toEqual([4, 4, 4, 4]);
    expect(perLayer.filter((heads) => heads === 0)).toHaveLength(36);
  });

  it('shows sim-swa as gemma3 with a 1024-token sliding window, trained on 131072', async () => {
    const { sim: s, ollama } = await start();
    const info = (await (await post(s, '/api/show', { model: 'sim-swa' })).json()).model_info;
    expect(info).toMatchObject({
      'general.architecture': 'gemma3',
      'gemma3.attention.sliding_window': 1024,
      'gemma3.context_length': 131072,
    });
    // Its KV cache grows with the context only in the global layers.
    await ollama.generate({ model: 'sim-swa', prompt: '', options: { num_ctx: 4096 } });
    const small = (await ollama.ps()).models[0].size;
    await ollama.generate({ model: 'sim-swa', prompt: '', options: { num_ctx: 65536 } });
    const large = (await ollama.ps()).models[0].size;
    const fullKvGrowth = 34 * 4 * 512 * 2 * (65536 - 4096);
    expect(large - small).toBeLessThan(fullKvGrowth / 4);
  });
});

describe('sim Ollama v0.33: generation', () => {
  it("passes llama-server's 400 through for sim-llama-template's over-long chats (its whole error body as the message), never cutting them", async () => {
    const { sim: s, ollama } = await start();
    const long = 'x'.repeat(20_000);
    const refusal = {
      error: {
        code: 400,
        message: 'request (5000 tokens) exceeds the available context size (4096 tokens), try increasing it',
        type: 'exceed_context_size_error',
        n_prompt_tokens: 5000,
        n_ctx: 4096,
      },
    };
    for (const stream of [false, true]) {
      const chat = await post(s, '/api/chat', {
        model: 'sim-llama-template',
        stream,
        messages: [{ role: 'user', content: long }],
      });
      expect(chat.status).toBe(400);
      expect(JSON.parse((await chat.json()).error)).toEqual(refusal);
      const messages = await post(s, '/v1/messages', {
        model: 'sim-llama-template',
        max_tokens: 64,
        stream,
        messages: [{ role: 'user', content: long }],
      });
      expect(messages.status).toBe(400);
      const body = await messages.json();
      expect(body.error.type).toBe('invalid_request_error');
      expect(JSON.parse(body.error.message)).toEqual(refusal);
    }
    // /api/generate renders the prompt itself: cut, as for any model (num_keep + half the context).
    expect(
      (await ollama.generate({ model: 'sim-llama-template', prompt: long, options: { num_predict: 4 } }))
        .prompt_eval_count,
    ).toBe(2050);
    // sim-good (Ollama's own template) cuts the chat too.
    expect(
      (await ollama.chat({ model: 'sim-good', messages: [{ role: 'user', content: long }] })).prompt_eval_count,
    ).toBeLessThan(4096);
  });

  it('counts cached + processed tokens in prompt_eval_count, but times only the processed ones', async () => {
    const { ollama } = await start({ contextLength: 131072 });
    // sim-spill prefills 60K tokens/s: 100K characters (25K tokens) take ~0.4 s uncached.
    const prompt = `${'lorem ipsum '.repeat(8000)}\nWrite 3 words.`;
    const first = await ollama.generate({ model: 'sim-spill', prompt, options: { num_predict: 3 } });
    const second = await ollama.generate({ model: 'sim-spill', prompt, options: { num_predict: 3 } });
    expect(second.prompt_eval_count).toBe(first.prompt_eval_count);
    expect(first.prompt_eval_duration).toBeGreaterThan(300e6);
    expect(second.prompt_eval_duration).toBeLessThan(first.prompt_eval_duration / 10);
  });
});
