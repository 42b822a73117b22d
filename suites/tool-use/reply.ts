// Reduces a Messages reply (non-streamed message or rebuilt stream) to what the scorer judges,
// and renders it back as one line for the report.
import type { Message, StreamedReply } from '../../src/targets/messages.js';
import type { ObservedBlock, ObservedReply, ProbeOutcome } from './types.js';

export function observeMessage(message: Message): ObservedReply {
  const blocks: ObservedBlock[] = [];
  for (const block of message.content) {
    if (block.type === 'text') blocks.push({ type: 'text', text: block.text });
    else if (block.type === 'thinking') blocks.push({ type: 'thinking', thinking: block.thinking });
    else if (block.type === 'tool_use')
      blocks.push({ type: 'tool_use', name: block.name, input: block.input, rawJson: null });
  }
  return { blocks, stopReason: message.stop_reason ?? null, streamed: false, complete: true };
}

export function observeStream(stream: StreamedReply): ObservedReply {
  const blocks: ObservedBlock[] = [];
  for (const block of stream.blocks) {
    if (!block) continue; // an index the stream never started
    if (block.type === 'text') blocks.push({ type: 'text', text: block.text });
    else if (block.type === 'thinking') blocks.push({ type: 'thinking', thinking: block.thinking });
    else if (block.type === 'tool_use') {
      // No input_json_delta at all means the arguments are whatever content_block_start carried ({} for none).
      const streamedJson = block.partialJson !== '';
      blocks.push({
        type: 'tool_use',
        name: block.name,
        input: streamedJson ? undefined : (block.startInput ?? {}),
        rawJson: streamedJson ? block.partialJson : null,
      });
    }
  }
  return { blocks, stopReason: stream.stopReason, streamed: true, complete: stream.complete };
}

/** The model's reply (or the server's error) as one line, at most `max` characters. */
export function renderOutcome(outcome: ProbeOutcome, max = 400): string {
  const text = outcome.ok ? outcome.reply.blocks.map(renderBlock).join(' | ') : outcome.error;
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

function renderBlock(block: ObservedBlock): string {
  switch (block.type) {
    case 'text':
      return block.text;
    case 'thinking':
      return `[thinking] ${block.thinking}`;
    case 'tool_use':
      return `[tool_use ${block.name}] ${block.rawJson ?? JSON.stringify(block.input)}`;
  }
}
