// The llama-server backend against what a real llama-server (llama.cpp upstream 82bb48500 as unslothai/llama.cpp master carries it, tiny random
// model, `-c 4096 --jinja --metrics`) answered: its recorded replies are served back over real HTTP
// and the backend must read the version, models, served context and timings out of them.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectBackend } from '../../src/servers/registry.js';
import { LlamaServer } from '../../src/servers/llama-server.js';
import { isContextExceededError, contextExceededNumbers } from '../../src/targets/errors.js';

interface Recording {
  request: { method: string; path: string; body: unknown };
  response: { status: number; headers: Record<string, string>; body: string };
}
const load = (name: string): Recording =>
  JSON.parse(readFileSync(new URL(`../fixtures/llama-server/${name}.json`, import.meta.url), 'utf8')) as Recording;

/** Route → recording; anything else answers like llama-server does (404 JSON). */
const ROUTES: Record<string, string> = {
  'GET /props': 'props',
  'GET /v1/models': 'v1-models',
  'GET /slots': 'slots',
  'GET /api/version': 'api-tags-404',
  'POST /v1/chat/completions': 'chat-completions-timings',
};

let server: Server;
let host = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    const name = ROUTES[`${req.method} ${req.url}`] ?? 'api-tags-404';
    const { response } = load(name);
    res.writeHead(response.status, { 'content-type': response.headers['content-type'] ?? 'application/json' });
    res.end(response.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  host = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('llama-server backend on recorded replies', () => {
  it('is detected by /props after /api/version 404s', async () => {
    expect(await detectBackend({ host, timeoutMs: 5000 })).toMatchObject({ backend: 'llama-server' });
  });

  it('reads models, the per-slot context and the server timings', async () => {
    const llama = new LlamaServer({ host, timeoutMs: 5000 });
    const models = await llama.listModels();
    const recordedMeta = (
      JSON.parse(load('v1-models').response.body) as { data: { id: string; meta: { n_ctx_train: number } }[] }
    ).data[0];
    expect(models).toEqual([
      expect.objectContaining({ name: recordedMeta.id, trainedContext: recordedMeta.meta.n_ctx_train }),
    ]);
    expect(llama.resolveModel(recordedMeta.id, models)).toBe(recordedMeta.id);
    expect(llama.resolveModel('tiny-qwen3', models)).toBeNull();
    const slots = JSON.parse(load('slots').response.body) as { n_ctx: number }[];
    expect(await llama.loadedContext()).toBe(slots[0].n_ctx);
    const timings = (
      JSON.parse(load('chat-completions-timings').response.body) as {
        timings: {
          prompt_n: number;
          cache_n: number;
          predicted_n: number;
          predicted_ms: number;
          predicted_per_second: number;
        };
      }
    ).timings;
    const reply = await llama.generate({ model: recordedMeta.id, prompt: 'Count to ten.', maxTokens: 16 });
    expect(reply).toMatchObject({
      processedTokens: timings.prompt_n,
      cachedTokens: timings.cache_n,
      promptTokens: timings.prompt_n + timings.cache_n,
      decodeTokens: timings.predicted_n,
    });
    // decode_tps comes out as llama-server's own predicted_per_second.
    expect(reply.decodeTokens / (reply.decodeMs / 1000)).toBeCloseTo(timings.predicted_per_second, 3);
  });

  it('recognises its over-context refusal, numbers included', () => {
    const { response } = load('messages-overflow');
    const error = Object.assign(
      new Error(`HTTP 400: ${(JSON.parse(response.body) as { error: { message: string } }).error.message}`),
      { status: response.status },
    );
    expect(isContextExceededError(error)).toBe(true);
    expect(contextExceededNumbers(error)).toMatchObject({ contextTokens: 4096 });
  });
});
