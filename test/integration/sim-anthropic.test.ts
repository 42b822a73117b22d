// The simulator's Anthropic-API-only personality (vLLM, SGLang, LM Studio, LiteLLM) over real HTTP.
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
  (sim = await startSimulator({ backend: 'anthropic', ...options }));
const post = (s: RunningSimulator, path: string, body: unknown): Promise<Response> =>
  fetch(`${s.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const hi = (extra: Record<string, unknown> = {}) => ({
  model: 'sim-instant',
  max_tokens: 64,
  messages: [{ role: 'user', content: 'Write 5 words.' }],
  ...extra,
});

describe('sim anthropic-only server', () => {
  it('has only /v1/messages and /v1/models; everything else is 404 (405 for another method)', async () => {
    const s = await start();
    for (const path of ['/', '/api/tags', '/props', '/health', '/slots', '/metrics']) {
      const response = await fetch(`${s.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.json()).toEqual({ detail: 'Not Found' });
    }
    expect((await post(s, '/v1/chat/completions', hi())).status).toBe(404);
    expect((await fetch(`${s.url}/v1/messages`)).status).toBe(405);
  });

  it('lists the models with no context information', async () => {
    const s = await start();
    const models = await (await fetch(`${s.url}/v1/models`)).json();
    expect(models.object).toBe('list');
    expect(models.data.map((m: { id: string }) => m.id)).toEqual(simModelNames());
    for (const model of models.data) expect(Object.keys(model).sort()).toEqual(['created', 'id', 'object', 'owned_by']);
  });

  it('answers Messages requests (SDK, streamed and not) with cache-split usage', async () => {
    const s = await start();
    const client = new Anthropic({ baseURL: s.url, apiKey: 'none', maxRetries: 0 });
    const first = await client.messages.create({
      model: 'sim-good',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Write 5 words.' }],
    });
    expect(first.stop_reason).toBe('end_turn');
    expect(first.usage).toMatchObject({ cache_read_input_tokens: 0, output_tokens: 7 });
    const streamed = await client.messages
      .stream({ model: 'sim-good', max_tokens: 64, messages: [{ role: 'user', content: 'Write 5 words.' }] })
      .finalMessage();
    expect((streamed.content[0] as Anthropic.TextBlock).text.split(' ')).toHaveLength(5);
    expect(streamed.usage.cache_read_input_tokens).toBeGreaterThan(0);
  });

  it('honours a named tool_choice, and none', async () => {
    const s = await start();
    const tools = [
      {
        name: 'Read',
        description: 'Read a file',
        input_schema: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] },
      },
      {
        name: 'Bash',
        description: 'Run a command',
        input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
      },
    ];
    const body = await (
      await post(s, '/v1/messages', hi({ tools, tool_choice: { type: 'tool', name: 'Bash' } }))
    ).json();
    expect(body.content).toEqual([{ type: 'tool_use', id: expect.any(String), name: 'Bash', input: { command: '' } }]);
    // `none`: the model sees no tools.
    const none = await (
      await post(s, '/v1/messages', {
        ...hi({ tools, tool_choice: { type: 'none' } }),
        messages: [{ role: 'user', content: 'Read a.txt' }],
      })
    ).json();
    expect(none.content.map((block: { type: string }) => block.type)).toEqual(['text']);
  });

  it("answers an unknown model with 404 and an over-long prompt with 400, in Anthropic's error shape", async () => {
    const s = await start();
    const unknown = await post(s, '/v1/messages', hi({ model: 'claude-haiku-4-5' }));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      type: 'error',
      error: { type: 'not_found_error', message: 'model: claude-haiku-4-5' },
    });
    const long = await post(
      s,
      '/v1/messages',
      hi({ stream: true, messages: [{ role: 'user', content: 'x'.repeat(20_000) }] }),
    );
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'prompt is too long: 5000 tokens > 4095 maximum' },
    });
  });
});
