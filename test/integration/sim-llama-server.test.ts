// The simulator's llama-server personality over real HTTP: its routes, fixed context, prompt cache,
// timings and error shapes (as llama.cpp's tools/server at 34af94cd answers).
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/sim/server.js';
import { simModelNames } from '../../src/sim/profiles/index.js';

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});
const start = async (options: SimulatorOptions = {}): Promise<RunningSimulator> =>
  (sim = await startSimulator({ backend: 'llama-server', ...options }));
const post = (s: RunningSimulator, path: string, body: unknown): Promise<Response> =>
  fetch(`${s.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const getJson = async (s: RunningSimulator, path: string): Promise<any> => (await fetch(`${s.url}${path}`)).json();

async function sseEvents(response: Response): Promise<{ event: string; data: any }[]> {
  return (await response.text())
    .split('\n\n')
    .filter(Boolean)
    .map((block) => ({
      event: /^event: (.*)$/m.exec(block)?.[1] ?? '',
      data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null'),
    }));
}

const READ_TOOL = {
  name: 'Read',
  description: 'Read a file',
  input_schema: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] },
};
const hi = (extra: Record<string, unknown> = {}) => ({
  model: 'sim-instant',
  max_tokens: 64,
  messages: [{ role: 'user', content: 'Write 5 words.' }],
  ...extra,
});

describe('sim llama-server: routes', () => {
  it("has no /api/* routes: llama-server's JSON 404", async () => {
    const s = await start();
    for (const path of ['/api/tags', '/api/version', '/api/ps']) {
      const response = await fetch(`${s.url}${path}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(await response.json()).toEqual({
        error: { code: 404, message: 'File Not Found', type: 'not_found_error' },
      });
    }
    for (const path of ['/api/chat', '/api/generate', '/api/show', '/models/load', '/models/unload'])
      expect((await post(s, path, { model: 'sim-good' })).status).toBe(404);
  });

  it('answers /health and lists every profile in /v1/models with its shape', async () => {
    const s = await start();
    expect(await getJson(s, '/health')).toEqual({ status: 'ok' });
    const models = await getJson(s, '/v1/models');
    expect(models.object).toBe('list');
    expect(models.data.map((m: { id: string }) => m.id)).toEqual(simModelNames());
    expect(models.models.map((m: { name: string }) => m.name)).toEqual(simModelNames());
    const good = models.data[0];
    expect(good).toMatchObject({
      id: 'sim-good',
      object: 'model',
      owned_by: 'llamacpp',
      meta: { vocab_type: 2, n_vocab: 128256, n_ctx_train: 131072, n_embd: 4096 },
    });
    expect(good.meta.n_params).toBeGreaterThan(7e9);
    expect(good.meta.size).toBeGreaterThan(4e9);
    expect(typeof good.created).toBe('number');
  });

  it('reports a fixed context in /props and /slots: 4096 by default, else contextLength', async () => {
    let s = await start();
    let props = await getJson(s, '/props');
    expect(props.default_generation_settings.n_ctx).toBe(4096);
    expect(props).toMatchObject({
      total_slots: 4,
      model_alias: 'sim-good',
      build_info: expect.stringMatching(/^b\d+-/),
    });
    expect(typeof props.model_path).toBe('string');
    expect(typeof props.chat_template).toBe('string');
    expect(props.chat_template_caps.supports_tools).toBe(true);
    await s.close();
    s = await start({ contextLength: 32768 });
    props = await getJson(s, '/props');
    expect(props.default_generation_settings.n_ctx).toBe(32768);
    const slots = await getJson(s, '/slots');
    expect(slots).toHaveLength(4);
    expect(slots.map((slot: { id: number }) => slot.id)).toEqual([0, 1, 2, 3]);
    for (const slot of slots) expect(slot).toMatchObject({ n_ctx: 32768, is_processing: false });
    // A slot's context is capped at the trained context, as llama-server caps it.
    expect((await getJson(s, '/props?model=sim-short-ctx')).default_generation_settings.n_ctx).toBe(8192);
  });

  it('counts prompt and generated tokens in /metrics', async () => {
    const s = await start();
    expect((await post(s, '/v1/messages', hi())).status).toBe(200);
    const response = await fetch(`${s.url}/metrics`);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4');
    const text = await response.text();
    const value = (name: string): number => Number(new RegExp(`^llamacpp:${name} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(text).toContain('# TYPE llamacpp:prompt_tokens_total counter');
    expect(value('prompt_tokens_total')).toBeGreaterThan(0);
    expect(value('tokens_predicted_total')).toBe(7);
    expect(value('requests_processing')).toBe(0);
  });
});

describe('sim llama-server: /v1/messages', () => {
  it('accepts any model name (the default profile), a profile name selects it, max_tokens may be absent', async () => {
    const s = await start();
    const { max_tokens: _dropped, ...noMax } = hi({ model: 'whatever-you-like' });
    const response = await post(s, '/v1/messages', noMax);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'sim-good',
      stop_reason: 'end_turn',
      stop_sequence: null,
    });
    expect(body.id).toMatch(/^chatcmpl-[A-Za-z0-9]{32}$/);
    const textTools = await (
      await post(s, '/v1/messages', {
        model: 'sim-text-tools',
        max_tokens: 256,
        tools: [READ_TOOL],
        messages: [{ role: 'user', content: 'Read a.txt' }],
      })
    ).json();
    expect(textTools.model).toBe('sim-text-tools');
    expect(textTools.content[0].text).toContain('<tool_call>');
  });

  it('answers a body that is not JSON with 500, as its exception wrapper does', async () => {
    const s = await start();
    const response = await post(s, '/v1/messages', '{not json');
    expect(response.status).toBe(500);
    expect((await response.json()).error).toMatchObject({ code: 500, type: 'server_error' });
  });

  it('splits usage into uncached input_tokens and cache_read_input_tokens (a per-slot prompt cache)', async () => {
    const s = await start();
    const first = (await (await post(s, '/v1/messages', hi())).json()).usage;
    expect(first).toEqual({ cache_read_input_tokens: 0, input_tokens: expect.any(Number), output_tokens: 7 });
    const again = (await (await post(s, '/v1/messages', hi())).json()).usage;
    expect(again.cache_read_input_tokens).toBe(first.input_tokens - 1);
    expect(again.input_tokens).toBe(1);
    // A longer conversation reuses the prefix it shares with the slot's last prompt and reply.
    const longer = hi({
      messages: [
        { role: 'user', content: 'Write 5 words.' },
        { role: 'assistant', content: 'the quick brown fox jumps.' },
        { role: 'user', content: 'Write 3 words.' },
      ],
    });
    const third = (await (await post(s, '/v1/messages', longer)).json()).usage;
    expect(third.cache_read_input_tokens).toBeGreaterThanOrEqual(first.input_tokens);
  });

  it('streams message_start with the cache split and message_delta with output_tokens only', async () => {
    const s = await start();
    await post(s, '/v1/messages', hi());
    const events = await sseEvents(await post(s, '/v1/messages', hi({ stream: true })));
    expect(events.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      ...Array(7).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[0].data.message.usage).toEqual({
      cache_read_input_tokens: expect.any(Number),
      input_tokens: 1,
      output_tokens: 0,
    });
    expect(events[0].data.message).toMatchObject({ stop_reason: null, stop_sequence: null, content: [] });
    expect(events.at(-2)!.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 7 },
    });
  });

  it('refuses a prompt over the context with 400 exceed_context_size_error, streamed or not, never cutting it', async () => {
    const s = await start();
    const long = 'x'.repeat(28_000);
    for (const stream of [false, true]) {
      const response = await post(s, '/v1/messages', hi({ stream, messages: [{ role: 'user', content: long }] }));
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(await response.json()).toEqual({
        error: {
          code: 400,
          message: 'request (7000 tokens) exceeds the available context size (4096 tokens), try increasing it',
          type: 'exceed_context_size_error',
          n_prompt_tokens: 7000,
          n_ctx: 4096,
        },
      });
    }
  });

  it('streams parallel tool calls: starts without input, every stop at the end', async () => {
    const s = await start();
    const body = {
      model: 'sim-good',
      max_tokens: 256,
      stream: true,
      tools: [READ_TOOL],
      messages: [{ role: 'user', content: 'Read a.txt. Read b.txt.' }],
    };
    const events = await sseEvents(await post(s, '/v1/messages', body));
    const kinds = events.map((e) => e.event);
    const starts = events.filter((e) => e.event === 'content_block_start');
    expect(starts.map((e) => e.data.content_block)).toEqual([
      { type: 'tool_use', id: expect.stringMatching(/^[A-Za-z0-9]{32}$/), name: 'Read' },
      { type: 'tool_use', id: expect.stringMatching(/^[A-Za-z0-9]{32}$/), name: 'Read' },
    ]);
    expect(kinds.indexOf('content_block_stop')).toBeGreaterThan(kinds.lastIndexOf('content_block_start'));
    expect(events.filter((e) => e.event === 'content_block_stop').map((e) => e.data.index)).toEqual([0, 1]);
    const json = (index: number) =>
      events
        .filter((e) => e.event === 'content_block_delta' && e.data.index === index)
        .map((e) => e.data.delta.partial_json)
        .join('');
    expect(JSON.parse(json(0))).toEqual({ file_path: '/workspace/a.txt' });
    expect(JSON.parse(json(1))).toEqual({ file_path: '/workspace/b.txt' });
    expect(events.at(-2)!.data.delta.stop_reason).toBe('tool_use');
  });

  it('turns tool_choice any and tool into "some tool call" (the named tool is not enforced)', async () => {
    const s = await start();
    const WRITE = {
      name: 'Write',
      description: 'Write a file',
      input_schema: {
        type: 'object',
        properties: { file_path: { type: 'string' }, content: { type: 'string' } },
        required: ['file_path', 'content'],
      },
    };
    for (const tool_choice of [{ type: 'any' }, { type: 'tool', name: 'Write' }]) {
      const body = await (
        await post(s, '/v1/messages', {
          ...hi({ tools: [READ_TOOL, WRITE], tool_choice }),
          messages: [{ role: 'user', content: 'Hello there' }],
        })
      ).json();
      expect(body.stop_reason).toBe('tool_use');
      expect(body.content).toEqual([
        { type: 'tool_use', id: expect.any(String), name: 'Read', input: { file_path: '' } },
      ]);
    }
  });

  it('keeps a tool call cut by max_tokens: input {} when whole, the arguments so far when streamed', async () => {
    const s = await start();
    const body = {
      model: 'sim-good',
      max_tokens: 3,
      tools: [READ_TOOL],
      messages: [{ role: 'user', content: 'Read some/long/path/to/a/file.txt' }],
    };
    const whole = await (await post(s, '/v1/messages', body)).json();
    expect(whole.stop_reason).toBe('max_tokens');
    expect(whole.content).toEqual([{ type: 'tool_use', id: expect.any(String), name: 'Read', input: {} }]);
    const events = await sseEvents(await post(s, '/v1/messages', { ...body, stream: true }));
    const json = events
      .filter((e) => e.event === 'content_block_delta')
      .map((e) => e.data.delta.partial_json)
      .join('');
    expect(json).toBe('{"file_path"'); // 3 tokens of 4 characters: not parseable
    expect(events.at(-2)!.data).toMatchObject({ delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 3 } });
  });

  it('works with the Anthropic SDK, streamed tool_use included', async () => {
    const s = await start();
    const client = new Anthropic({ baseURL: s.url, apiKey: 'none', maxRetries: 0 });
    const final = await client.messages
      .stream({
        model: 'sim-good',
        max_tokens: 256,
        tools: [READ_TOOL as Anthropic.Tool],
        messages: [{ role: 'user', content: 'Read notes.md' }],
      })
      .finalMessage();
    expect(final.stop_reason).toBe('tool_use');
    expect(final.content).toEqual([
      { type: 'tool_use', id: expect.any(String), name: 'Read', input: { file_path: '/workspace/notes.md' } },
    ]);
    expect(final.usage.output_tokens).toBeGreaterThan(0);
  });

  it('counts tokens on /v1/messages/count_tokens', async () => {
    const s = await start();
    expect(await (await post(s, '/v1/messages/count_tokens', hi())).json()).toEqual({ input_tokens: 4 });
  });
});

describe('sim llama-server: server timings', () => {
  it('reports timings and usage on /v1/chat/completions; cache_prompt false processes every token', async () => {
    const s = await start();
    const request = { messages: [{ role: 'user', content: 'Write 5 words. '.repeat(20) }], max_tokens: 3 };
    const first = await (await post(s, '/v1/chat/completions', request)).json();
    expect(first).toMatchObject({
      object: 'chat.completion',
      model: 'sim-good',
      choices: [{ index: 0, finish_reason: 'length', message: { role: 'assistant' } }],
    });
    expect(first.usage).toEqual({
      completion_tokens: 3,
      prompt_tokens: 75,
      total_tokens: 78,
      prompt_tokens_details: { cached_tokens: 0 },
    });
    expect(first.timings).toMatchObject({ cache_n: 0, prompt_n: 75, predicted_n: 3 });
    for (const key of ['prompt_ms', 'prompt_per_second', 'predicted_ms', 'predicted_per_second'])
      expect(first.timings[key]).toBeGreaterThan(0);
    const cached = await (await post(s, '/v1/chat/completions', request)).json();
    expect(cached.timings).toMatchObject({ cache_n: 74, prompt_n: 1 });
    const uncached = await (await post(s, '/v1/chat/completions', { ...request, cache_prompt: false })).json();
    expect(uncached.timings).toMatchObject({ cache_n: 0, prompt_n: 75 });
  });

  it('streams /v1/chat/completions chunks with timings on the last and [DONE]', async () => {
    const s = await start();
    const text = await (
      await post(s, '/v1/chat/completions', { stream: true, messages: [{ role: 'user', content: 'Write 5 words.' }] })
    ).text();
    const chunks = text.split('\n\n').filter(Boolean);
    expect(chunks.at(-1)).toBe('data: [DONE]');
    const last = JSON.parse(chunks.at(-2)!.slice('data: '.length));
    expect(last.choices[0].finish_reason).toBe('stop');
    expect(last.timings.predicted_n).toBe(7);
    expect(JSON.parse(chunks[0].slice(6)).choices[0].delta).toEqual({ role: 'assistant', content: null });
  });

  it('answers /completion with tokens_predicted, tokens_evaluated and timings, honouring n_predict', async () => {
    const s = await start();
    const body = await (await post(s, '/completion', { prompt: 'Count from 1 to 50', n_predict: 5 })).json();
    expect(body).toMatchObject({
      stop: true,
      tokens_predicted: 5,
      tokens_evaluated: 5,
      stop_type: 'limit',
      model: 'sim-good',
    });
    expect(body.content).toBe('1, 2, 3, 4, 5, 6, 7,'); // 5 tokens of 4 characters
    expect(body.timings).toMatchObject({ prompt_n: 5, predicted_n: 5, cache_n: 0 });
    const refused = await post(s, '/completion', { prompt: 'x'.repeat(20_000) });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.type).toBe('exceed_context_size_error');
  });
});
