// The fold that reads streamed Messages events, shared by the proxy's log and the replay's shapes.
import { describe, expect, it } from 'vitest';
import { jsonReplySummary, streamSummary } from '../../src/agent/exchange.js';
import { emptyFold, foldStreamEvent } from '../../src/shared/anthropic-stream.js';

/** The proxy's summary of a stream of events, through the one fold. */
function summaryOf(...events: unknown[]) {
  const fold = emptyFold();
  for (const event of events) foldStreamEvent(fold, event);
  return streamSummary(fold);
}

describe('streamSummary', () => {
  it("takes the server's input token count from message_delta over message_start's estimate", () => {
    const start = { type: 'message_start', message: { usage: { input_tokens: 9000, output_tokens: 0 } } };
    expect(summaryOf(start).inputTokens).toBe(9000);
    expect(
      summaryOf(
        start,
        { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', name: 'Read', input: {} } },
        { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { input_tokens: 4096, output_tokens: 12 } },
      ),
    ).toEqual({ inputTokens: 4096, toolCalls: ['Read'], stopReason: 'tool_use', error: null });
  });

  it("keeps message_start's count when message_delta has none", () => {
    const summary = summaryOf(
      { type: 'message_start', message: { usage: { input_tokens: 120 } } },
      { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 3 } },
    );
    expect(summary.inputTokens).toBe(120);
    expect(summary.stopReason).toBe('end_turn');
  });

  it('names a stream error', () => {
    expect(
      summaryOf({ type: 'error', error: { type: 'api_error', message: 'model runner has unexpectedly stopped' } })
        .error,
    ).toBe('model runner has unexpectedly stopped');
  });
});

describe('foldStreamEvent', () => {
  it('rebuilds text, thinking and tool input, and adds the cached prompt tokens (llama-server)', () => {
    const fold = emptyFold();
    const content = [
      { type: 'message_start', message: { usage: { input_tokens: 1, cache_read_input_tokens: 1180 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hm' } },
      { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Sure' } },
      { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 't1', name: 'Bash', input: {} } },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"command":' } },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '"ls"}' } },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 7 } },
      { type: 'message_stop' },
    ].map((event) => foldStreamEvent(fold, event));
    expect(content).toEqual([false, false, true, false, true, false, true, true, false, false]);
    expect(fold).toEqual({
      blocks: [
        { type: 'thinking', thinking: 'hm' },
        { type: 'text', text: 'Sure' },
        { type: 'tool_use', id: 't1', name: 'Bash', partialJson: '{"command":"ls"}', startInput: {} },
      ],
      stopReason: 'tool_use',
      inputTokens: 1181,
      cachedInputTokens: 1180,
      outputTokens: 7,
      complete: true,
      error: null,
    });
  });

  it('ignores what is not an event', () => {
    const fold = emptyFold();
    expect(foldStreamEvent(fold, null)).toBe(false);
    expect(foldStreamEvent(fold, 'data')).toBe(false);
    expect(foldStreamEvent(fold, { type: 'content_block_delta', index: 5, delta: { type: 'text_delta' } })).toBe(true);
    expect(fold).toEqual(emptyFold());
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
