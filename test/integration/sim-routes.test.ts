// The simulator's metadata routes, errors, request log and context defaults, over real HTTP.
import { request as httpRequest, Agent } from 'node:http';
import { Ollama } from 'ollama';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/sim/server.js';
import { simModelNames } from '../../src/sim/profiles/index.js';

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});
const start = async (options: SimulatorOptions = {}): Promise<{ sim: RunningSimulator; ollama: Ollama }> => {
  sim = await startSimulator(options);
  return { sim, ollama: new Ollama({ host: sim.url }) };
};
const post = (
  sim: RunningSimulator,
  path: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<Response> =>
  fetch(`${sim.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

describe('sim metadata routes', () => {
  it('answers / and HEAD / like Ollama, and a version marked as simulated', async () => {
    const { sim, ollama } = await start();
    const root = await fetch(sim.url);
    expect(await root.text()).toBe('Ollama is running');
    expect((await fetch(sim.url, { method: 'HEAD' })).status).toBe(200);
    expect((await ollama.version()).version).toMatch(/^\d+\.\d+\.\d+-sim$/);
  });

  it('lists every profile in /api/tags with sizes and details', async () => {
    const { ollama } = await start();
    const { models } = await ollama.list();
    expect(models.map((m) => m.name).sort()).toEqual(
      simModelNames()
        .map((n) => `${n}:latest`)
        .sort(),
    );
    for (const model of models) {
      expect(model.size).toBeGreaterThan(1e9);
      expect(model.details.format).toBe('gguf');
      expect(model.details.quantization_level).toBeTruthy();
    }
  });

  it('describes a model in /api/show like a real 8B llama', async () => {
    const { ollama } = await start();
    const show = await ollama.show({ model: 'sim-good' });
    const info = show.model_info as unknown as Record<string, unknown>;
    const arch = info['general.architecture'] as string;
    expect(arch).toBe('llama');
    for (const key of [
      'context_length',
      'block_count',
      'attention.head_count',
      'attention.head_count_kv',
      'embedding_length',
      'attention.key_length',
      'attention.value_length',
    ]) {
      expect(typeof info[`${arch}.${key}`]).toBe('number');
    }
    expect(info['llama.context_length']).toBe(131072);
    expect(info['llama.block_count']).toBe(32);
    expect(info['llama.attention.head_count_kv']).toBe(8);
    expect(info['general.parameter_count']).toBeGreaterThan(7e9);
    expect(show.capabilities).toEqual(['completion', 'tools']);
    expect(show.details.family).toBe('llama');
    expect(show.parameters).toContain('stop');
    expect((await ollama.show({ model: 'sim-no-tools' })).capabilities).not.toContain('tools');
  });

  it('answers 404 "model \'x\' not found" for unknown models', async () => {
    const { ollama } = await start();
    await expect(ollama.show({ model: 'llama9:70b' })).rejects.toMatchObject({
      status_code: 404,
      error: "model 'llama9:70b' not found",
    });
    await expect(ollama.chat({ model: 'nope', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status_code: 404,
      error: "model 'nope' not found",
    });
  });

  it("answers 400 for malformed JSON, in each API's error shape", async () => {
    const { sim } = await start();
    const native = await post(sim, '/api/chat', '{"model": "sim-good",');
    expect(native.status).toBe(400);
    expect(typeof (await native.json()).error).toBe('string');
    const messages = await post(sim, '/v1/messages', '{not json');
    expect(messages.status).toBe(400);
    const body = await messages.json();
    expect(body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(body.request_id).toMatch(/^req_/);
  });

  it('has no /v1/messages/count_tokens route', async () => {
    const { sim } = await start();
    expect((await post(sim, '/v1/messages/count_tokens', '{"model":"sim-good","messages":[]}')).status).toBe(404);
  });

  it('keeps every request with secrets redacted', async () => {
    const { sim } = await start();
    await post(sim, '/api/show?verbose=1', '{"model":"sim-good"}', {
      authorization: 'Bearer ollama',
      'x-api-key': 'k',
      'x-session-token': 't',
      'anthropic-version': '2023-06-01',
    });
    const [received] = sim.requests;
    expect(received).toMatchObject({
      method: 'POST',
      path: '/api/show',
      query: 'verbose=1',
      body: { model: 'sim-good' },
    });
    expect(received.headers.authorization).toBe('[redacted]');
    expect(received.headers['x-api-key']).toBe('[redacted]');
    expect(received.headers['x-session-token']).toBe('[redacted]');
    expect(received.headers['anthropic-version']).toBe('2023-06-01');
  });

  it('closes kept-alive connections on close()', async () => {
    const { sim } = await start();
    const agent = new Agent({ keepAlive: true });
    const socketClosed = new Promise<void>((resolve) => {
      httpRequest(`${sim.url}/api/version`, { agent }, (res) => {
        res.resume();
        res.socket.once('close', () => resolve());
      }).end();
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await sim.close();
    await socketClosed;
    agent.destroy();
  });
});

describe('sim context defaults', () => {
  const loadedContext = async (ollama: Ollama, model: string): Promise<number | undefined> =>
    ((await ollama.ps()).models.find((m) => m.name === `${model}:latest`) as { context_length?: number } | undefined)
      ?.context_length;
  const messagesRequest = (sim: RunningSimulator, model: string): Promise<Response> =>
    post(sim, '/v1/messages', JSON.stringify({ model, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] }));

  it('runs Messages requests at the VRAM tier default', async () => {
    for (const [vramBytes, expected] of [
      [16 * 1024 ** 3, 4096],
      [24 * 1024 ** 3, 32768],
      [64 * 1024 ** 3, 131072],
    ] as const) {
      const { sim, ollama } = await start({ vramBytes });
      expect((await messagesRequest(sim, 'sim-instant')).status).toBe(200);
      expect(await loadedContext(ollama, 'sim-instant')).toBe(expected); // 262144 capped at the trained 131072
      await sim.close();
    }
  });

  it('uses contextLength like OLLAMA_CONTEXT_LENGTH, capped at the trained context', async () => {
    const { sim, ollama } = await start({ contextLength: 65536 });
    await messagesRequest(sim, 'sim-instant');
    await messagesRequest(sim, 'sim-short-ctx');
    expect(await loadedContext(ollama, 'sim-instant')).toBe(65536);
    expect(await loadedContext(ollama, 'sim-short-ctx')).toBe(8192);
  });

  it('reloads a model asked for another num_ctx on the native API', async () => {
    const { ollama } = await start();
    const first = await ollama.generate({ model: 'sim-good', prompt: '' });
    expect(first.done_reason).toBe('load');
    // Like Ollama v0.33 (llama-server engine): a load-only reply carries no durations.
    expect(first.load_duration).toBeUndefined();
    expect(await loadedContext(ollama, 'sim-good')).toBe(4096);
    await ollama.generate({ model: 'sim-good', prompt: '', options: { num_ctx: 16384 } });
    expect(await loadedContext(ollama, 'sim-good')).toBe(16384);
    const unload = await ollama.generate({ model: 'sim-good', prompt: '', keep_alive: 0 });
    expect(unload.done_reason).toBe('unload');
    expect(await loadedContext(ollama, 'sim-good')).toBeUndefined();
  });
});
