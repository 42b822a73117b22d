// The fold that reads streamed Messages events, shared by the proxy's log and the replay's shapes.
import { describe, expect, it } from 'vitest';
import { applyStreamEvent, emptyReply, jsonReplySummary } from '../../src/agent/exchange.js';

describe('applyStreamEvent', () => {
  it("takes the server's input token count from message_delta over message_start's estimate", () => {
    const summary = emptyReply();
    applyStreamEvent(summary, { type: 'message_start', message: { usage: { input_tokens: 9000, output_tokens: 0 } } });
    expect(summary.inputTokens).toBe(9000);
    applyStreamEvent(summary, {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'tool_use', name: 'Read', input: {} },
    });
    applyStreamEvent(summary, {
      type: 'message_delta',
      delta: { stop_reason: 'tool_use' },
      usage: { input_tokens: 4096, output_tokens: 12 },
    });
    expect(summary).toEqual({ inputTokens: 4096, toolCalls: ['Read'], stopReason: 'tool_use', error: null });
  });

  it("keeps message_start's count when message_delta has none", () => {
    const summary = emptyReply();
    applyStreamEvent(summary, { type: 'message_start', message: { usage: { input_tokens: 120 } } });
    applyStreamEvent(summary, {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn' },
      usage: { output_tokens: 3 },
    });
    expect(summary.inputTokens).toBe(120);
    expect(summary.stopReason).toBe('end_turn');
  });

  it('names a stream error', () => {
    const summary = emptyReply();
    applyStreamEvent(summary, {
      type: 'error',
      error: { type: 'api_error', message: 'model runner has unexpectedly stopped' },
    });
    expect(summary.error).toBe('model runner has unexpectedly stopped');
  });
});

describe('jsonReplySummary', () => {
  it('reads usage, tool calls and stop reason of a whole reply, and the error of a failed one', () => {
    expect(
      jsonReplySummary(
        { content: [{ type: 'tool_use', name: 'Bash' }], stop_reason: 'tool_use', usage: { input_tokens: 77 } },
        200,
      ),
    ).toEqual({ inputTokens: 77, toolCalls: ['Bash'], stopReason: 'tool_use', error: null });
    expect(jsonReplySummary({ type: 'error', error: { message: 'does not support tools' } }, 400).error).toBe(
      'HTTP 400: does not support tools',
    );
  });
});
