// Every fault kind, injected through SimulatorOptions.faults, as a client sees it.
import Anthropic from '@anthropic-ai/sdk';
import { Ollama } from 'ollama';
import { afterEach, describe, expect, it } from 'vitest';
import { FAULT_MESSAGES, type FaultKind } from '../../src/sim/faults.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});
const withFault = async (
  kind: FaultKind,
  extra: { delayMs?: number; paths?: string[] } = {},
): Promise<RunningSimulator> => {
  sim = await startSimulator({ faults: [{ kind, rate: 1, ...extra }] });
  return sim;
};
const CHAT = { model: 'sim-instant', messages: [{ role: 'user', content: 'Count from 1 to 20.' }] };
const chat = (sim: RunningSimulator, body: Record<string, unknown> = CHAT, signal?: AbortSignal): Promise<Response> =>
  fetch(`${sim.url}/api/chat`, { method: 'POST', body: JSON.stringify(body), signal });
const messages = (sim: RunningSimulator, stream: boolean): Promise<Response> =>
  fetch(`${sim.url}/v1/messages`, {
    method: 'POST',
    body: JSON.stringify({
      model: 'sim-instant',
      max_tokens: 200,
      stream,
      messages: [{ role: 'user', content: 'Count from 1 to 20.' }],
    }),
  });

describe('sim faults', () => {
  it('refuse: the connection is dropped before any response', async () => {
    const sim = await withFault('refuse');
    await expect(chat(sim)).rejects.toThrow();
  });

  it('reset: the stream dies mid-way', async () => {
    const sim = await withFault('reset');
    const response = await chat(sim);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it("http500 / http503: Ollama's error bodies, Anthropic shape on /v1/messages", async () => {
    const sim500 = await withFault('http500');
    const native = await chat(sim500);
    expect(native.status).toBe(500);
    expect(await native.json()).toEqual({ error: FAULT_MESSAGES.http500 });
    await sim500.close();
    const sim503 = await withFault('http503');
    const client = new Anthropic({ baseURL: sim503.url, authToken: 'ollama', apiKey: null, maxRetries: 0 });
    await expect(
      client.messages.create({ model: 'sim-instant', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toMatchObject({
      status: 503,
      error: { type: 'error', error: { type: 'overloaded_error', message: FAULT_MESSAGES.http503 } },
    });
  });

  it('truncate: the stream ends cleanly but without done:true / message_stop', async () => {
    const sim = await withFault('truncate');
    const lines = (await (await chat(sim)).text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((line) => line.done)).toBe(false);
    const sse = await (await messages(sim, true)).text();
    expect(sse).toContain('content_block_delta');
    expect(sse).not.toContain('message_stop');
    const whole = await (await messages(sim, false)).text();
    expect(() => JSON.parse(whole)).toThrow();
  });

  it('stall: the stream stops but the socket stays open', async () => {
    const sim = await withFault('stall');
    const aborter = new AbortController();
    const response = await chat(sim, CHAT, aborter.signal);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    // Nothing more ever comes: the read is still pending when the client gives up.
    const next = reader.read();
    const outcome = await Promise.race([
      next.then(() => 'data'),
      new Promise((resolve) => setTimeout(resolve, 300, 'waiting')),
    ]);
    expect(outcome).toBe('waiting');
    aborter.abort();
    await next.catch(() => {});
  });

  it('invalid-line: a garbage line in the middle of the stream', async () => {
    const sim = await withFault('invalid-line');
    const lines = (await (await chat(sim)).text()).trim().split('\n');
    const bad = lines.filter((line) => {
      try {
        JSON.parse(line);
        return false;
      } catch {
        return true;
      }
    });
    expect(bad).toHaveLength(1);
    expect(JSON.parse(lines.at(-1)!).done).toBe(true);
    const sse = await (await messages(sim, true)).text();
    expect(sse).toContain('<<garbage>>');
    expect(sse).toContain('message_stop');
  });

  it('huge: several megabytes of text', async () => {
    const sim = await withFault('huge');
    const reply = await new Ollama({ host: sim.url }).chat({ ...CHAT, stream: false });
    expect(reply.message.content.length).toBeGreaterThan(3_000_000);
    expect(reply.done).toBe(true);
  });

  it('slow-first-byte: the headers come late, the reply is intact', async () => {
    const sim = await withFault('slow-first-byte', { delayMs: 300 });
    const started = performance.now();
    const reply = await new Ollama({ host: sim.url }).chat({ ...CHAT, stream: false });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(reply.message.content).toContain('20');
  });

  it('faults only generation routes unless paths say otherwise', async () => {
    const sim = await withFault('http500');
    expect((await fetch(`${sim.url}/api/tags`)).status).toBe(200);
    await sim.close();
    const tagsFault = await withFault('http500', { paths: ['/api/tags'] });
    expect((await fetch(`${tagsFault.url}/api/tags`)).status).toBe(500);
  });

  it('close() ends stalled streams too', async () => {
    const sim = await withFault('stall');
    const response = await chat(sim);
    const body = response.text().catch(() => 'closed');
    await sim.close();
    expect(await body).toBeDefined();
  });
});
