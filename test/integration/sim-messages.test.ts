// Ollama's Anthropic Messages endpoint on the simulator, through @anthropic-ai/sdk and raw SSE.
import { readFileSync } from 'node:fs';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';

let sim: RunningSimulator;
let client: Anthropic;
beforeAll(async () => {
  // Claude Code's first request is ~12K tokens: give the server a context that holds it.
  sim = await startSimulator({ contextLength: 32768 });
  client = new Anthropic({ baseURL: sim.url, authToken: 'ollama', apiKey: null, maxRetries: 0 });
});
afterAll(() => sim.close());

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../fixtures/claude-code/${name}`, import.meta.url), 'utf8'));
const WRITE_TOOL: Anthropic.Tool = {
  name: 'Write',
  description: 'Write a file',
  input_schema: {
    type: 'object',
    properties: { file_path: { type: 'string' }, content: { type: 'string' } },
    required: ['file_path', 'content'],
  },
};

/** Raw SSE events of a streamed /v1/messages call. */
async function sseEvents(response: Response): Promise<{ event: string; data: Record<string, unknown> }[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? '';
      return { event, data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null') };
    });
}

describe('sim /v1/messages', () => {
  it('answers a non-streamed request with a tool_use block', async () => {
    const message = await client.messages.create({
      model: 'sim-good',
      max_tokens: 1024,
      tools: [WRITE_TOOL],
      messages: [{ role: 'user', content: 'Create a file x.txt containing "42"' }],
    });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([
      {
        type: 'tool_use',
        id: expect.stringMatching(/^call_/),
        name: 'Write',
        input: { file_path: '/workspace/x.txt', content: '42' },
      },
    ]);
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
  });

  it('streams text with the SDK and ends the turn', async () => {
    const stream = client.messages.stream({
      model: 'sim-good',
      max_tokens: 1024,
      messages: [{ role: 'user', content: 'Write 8 words.' }],
    });
    const final = await stream.finalMessage();
    expect(final.stop_reason).toBe('end_turn');
    expect(final.content).toHaveLength(1);
    expect((final.content[0] as Anthropic.TextBlock).text.split(' ')).toHaveLength(8);
  });

  it("serves Claude Code's real first request (?beta=true, thinking, metadata, cache_control) as a Write tool_use stream", async () => {
    const response = await fetch(`${sim.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fixture('first-request.json')),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = await sseEvents(response);
    expect(events.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[1].data.content_block).toMatchObject({ type: 'tool_use', name: 'Write', input: {} });
    const delta = events[2].data.delta as { type: string; partial_json: string };
    expect(delta.type).toBe('input_json_delta');
    expect(JSON.parse(delta.partial_json)).toEqual({ file_path: '/workspace/hello.txt', content: 'hi' });
    expect((events[4].data.delta as { stop_reason: string }).stop_reason).toBe('tool_use');
  });

  it("finishes Claude Code's second turn with text", async () => {
    const response = await fetch(`${sim.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fixture('second-request.json')),
    });
    const events = await sseEvents(response);
    const text = events
      .filter((e) => e.event === 'content_block_delta')
      .map((e) => (e.data.delta as { text: string }).text)
      .join('');
    expect(text).toMatch(/^Done\. File created successfully/);
    expect(events.find((e) => e.event === 'message_delta')?.data.delta).toEqual({ stop_reason: 'end_turn' });
  });

  it("answers errors in Anthropic's shape", async () => {
    await expect(
      client.messages.create({ model: 'sim-missing', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toMatchObject({
      status: 404,
      error: { type: 'error', error: { type: 'not_found_error', message: "model 'sim-missing' not found" } },
    });
    await expect(
      client.messages.create({ model: 'sim-good', max_tokens: 0, messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      client.messages.countTokens({ model: 'sim-good', messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('passes the is_error flag of a tool_result to the model', async () => {
    const message = await client.messages.create({
      model: 'sim-good',
      max_tokens: 1024,
      tools: [WRITE_TOOL],
      messages: [
        { role: 'user', content: 'Create a file x.txt containing "42"' },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'toolu_1', name: 'Write', input: { file_path: '/workspace/x.txt', content: '42' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', is_error: true, content: 'EACCES: permission denied' },
          ],
        },
      ],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'The tool failed: EACCES: permission denied' }]);
    expect(message.stop_reason).toBe('end_turn');
  });
});
