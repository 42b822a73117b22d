import { describe, expect, it } from 'vitest';
import { redactReplyBody } from '../../src/agent/recording.js';

const sse = (events: object[]) =>
  events.map((data) => `event: ${(data as { type: string }).type}\ndata: ${JSON.stringify(data)}`).join('\n\n');

describe('redactReplyBody', () => {
  it('finds a key the model echoed across several streamed deltas and writes that block back as one delta', () => {
    const body = sse([
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'your key is sk-ant-api03-ab' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'cdefghijklmnop, keep it safe' } },
      { type: 'content_block_stop', index: 0 },
    ]);
    const out = redactReplyBody(body, 'text/event-stream');
    expect(out).not.toContain('cdefghijklmnop');
    expect(out).not.toContain('sk-ant-api03');
    expect(out).toContain('[redacted], keep it safe');
    expect(out.match(/content_block_delta/g)?.length).toBe(2); // event line + type field of the one delta left
  });
  it('leaves a clean stream exactly as it was', () => {
    const body = sse([
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'hello' } },
      { type: 'message_stop' },
    ]);
    expect(redactReplyBody(body, 'text/event-stream')).toBe(body);
  });
  it('masks secrets inside JSON replies value by value', () => {
    const body = JSON.stringify({ content: [{ type: 'text', text: 'Bearer abcdefghijkl' }] });
    expect(redactReplyBody(body, 'application/json')).not.toContain('abcdefghijkl');
  });
});
