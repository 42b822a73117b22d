// Each simulated profile shows its one defect, over real HTTP.
import Anthropic from '@anthropic-ai/sdk';
import { Ollama, type Tool } from 'ollama';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROMPT_TOO_LONG } from '../../src/sim/context.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';

let sim: RunningSimulator;
let ollama: Ollama;
let client: Anthropic;
beforeAll(async () => {
  sim = await startSimulator();
  ollama = new Ollama({ host: sim.url });
  client = new Anthropic({ baseURL: sim.url, authToken: 'ollama', apiKey: null, maxRetries: 0 });
});
afterAll(() => sim.close());

const WRITE: Anthropic.Tool = {
  name: 'Write',
  description: 'Write a file',
  input_schema: {
    type: 'object',
    properties: { file_path: { type: 'string' }, content: { type: 'string' } },
    required: ['file_path', 'content'],
  },
};
const NATIVE_WRITE: Tool = {
  type: 'function',
  function: {
    name: 'Write',
    description: 'Write a file',
    parameters: WRITE.input_schema as Tool['function']['parameters'],
  },
};
const TASK = 'Create a file a.txt containing "hi"';
const ask = (model: string): Anthropic.MessageCreateParamsNonStreaming => ({
  model,
  max_tokens: 256,
  tools: [WRITE],
  messages: [{ role: 'user', content: TASK }],
});

describe('sim profiles', () => {
  it('sim-no-tools refuses requests that offer tools, in both APIs', async () => {
    const message = 'registry.ollama.ai/library/sim-no-tools:latest does not support tools';
    await expect(
      ollama.chat({ model: 'sim-no-tools', messages: [{ role: 'user', content: TASK }], tools: [NATIVE_WRITE] }),
    ).rejects.toMatchObject({ status_code: 400, error: message });
    await expect(client.messages.create(ask('sim-no-tools'))).rejects.toMatchObject({
      status: 400,
      error: { error: { type: 'invalid_request_error', message } },
    });
    const plain = await ollama.chat({
      model: 'sim-no-tools',
      messages: [{ role: 'user', content: 'Count from 1 to 2.' }],
    });
    expect(plain.message.content).toBe('1, 2.');
  });

  it('sim-text-tools writes its tool call as text and ends the turn', async () => {
    const message = await client.messages.create(ask('sim-text-tools'));
    expect(message.stop_reason).toBe('end_turn');
    expect(message.content).toHaveLength(1);
    const text = (message.content[0] as Anthropic.TextBlock).text;
    const call = JSON.parse(/<tool_call>(.*)<\/tool_call>/.exec(text)![1]);
    expect(call).toEqual({ name: 'Write', arguments: { file_path: '/workspace/a.txt', content: 'hi' } });
  });

  it('sim-bad-json streams tool input that is not JSON, and non-streamed input missing a required field', async () => {
    const whole = await client.messages.create(ask('sim-bad-json'));
    const block = whole.content.find((b) => b.type === 'tool_use') as Anthropic.ToolUseBlock;
    expect(block.input).toEqual({ content: 'hi' });
    const response = await fetch(`${sim.url}/v1/messages`, {
      method: 'POST',
      body: JSON.stringify({ ...ask('sim-bad-json'), stream: true }),
    });
    const delta = /"partial_json":("(?:[^"\\]|\\.)*")/.exec(await response.text())![1];
    expect(() => JSON.parse(JSON.parse(delta))).toThrow();
  });

  it('sim-short-ctx never loads more than its trained 8192 tokens', async () => {
    const info = (await ollama.show({ model: 'sim-short-ctx' })).model_info as unknown as Record<string, unknown>;
    expect(info['gemma2.context_length']).toBe(8192);
    await ollama.generate({ model: 'sim-short-ctx', prompt: '', options: { num_ctx: 32768 } });
    const entry = (await ollama.ps()).models.find((m) => m.name === 'sim-short-ctx:latest') as unknown as {
      context_length: number;
    };
    expect(entry.context_length).toBe(8192);
  });

  it('sim-slow decodes at about 5 tokens/s (never faster)', async () => {
    const reply = await ollama.chat({ model: 'sim-slow', messages: [{ role: 'user', content: 'Count from 1 to 3.' }] });
    const tokensPerSecond = reply.eval_count / (reply.eval_duration / 1e9);
    // About 5: the simulator's timer granularity can put a short reply a hair above (5.014 seen under load); a fast profile is far beyond.
    expect(tokensPerSecond).toBeLessThanOrEqual(5.1);
  });

  it('sim-spill does not fit the simulated VRAM; sim-good does', async () => {
    await ollama.generate({ model: 'sim-spill', prompt: '' });
    await ollama.generate({ model: 'sim-good', prompt: '' });
    const { models } = await ollama.ps();
    const spill = models.find((m) => m.name === 'sim-spill:latest');
    const good = models.find((m) => m.name === 'sim-good:latest')!;
    expect(good.size_vram).toBe(good.size);
    // Loading sim-good evicted sim-spill (they do not fit together); load it again to look at it alone.
    if (!spill) await ollama.generate({ model: 'sim-spill', prompt: '' });
    const again = (await ollama.ps()).models.find((m) => m.name === 'sim-spill:latest')!;
    expect(again.size_vram).toBeLessThan(again.size);
  });

  it('sim-deepseek refuses an over-long prompt where sim-good truncates it', async () => {
    const long = 'word '.repeat(8000); // ~10K tokens, over the 4096 default
    await expect(
      ollama.chat({ model: 'sim-deepseek', messages: [{ role: 'user', content: long }] }),
    ).rejects.toMatchObject({ status_code: 400, error: PROMPT_TOO_LONG });
    const good = await ollama.chat({ model: 'sim-instant', messages: [{ role: 'user', content: long }] });
    expect(good.prompt_eval_count).toBeLessThan(4096);
  });

  it('sim-flaky fails about one generation request in three, and metadata routes stay healthy', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      try {
        const stream = await ollama.chat({
          model: 'sim-flaky',
          messages: [{ role: 'user', content: 'Count from 1 to 6.' }],
          stream: true,
        });
        let done = false;
        for await (const part of stream) done ||= part.done;
        outcomes.push(done ? 'ok' : 'cut');
      } catch (error) {
        // The ollama client throws on a stream that ends without done:true.
        const status = (error as { status_code?: number }).status_code;
        outcomes.push(status ? `http${status}` : /did not receive done/i.test(String(error)) ? 'cut' : String(error));
      }
      await ollama.show({ model: 'sim-flaky' });
    }
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'ok', 'cut', 'http500']);
  });
});
