// Context as Ollama decides it: the server default (envconfig, by VRAM), the per-request num_ctx,
// the cap at the trained context, and what happens to a prompt that does not fit (server/prompt.go
// drops old messages; llm/llama_server.go then cuts the head, or refuses without context shift).
import { messageText, toolsText, type SimConversation, type SimMessage } from './conversation.js';
import { exceedsContextPassedThrough, SimError } from './errors.js';
import { CHARS_PER_TOKEN } from './tokens.js';

export const GIB = 1024 ** 3;
export const DEFAULT_VRAM_BYTES = 16 * GIB;
/** Ollama's default `num_keep`: tokens at the start of the prompt a context shift never discards. */
export const DEFAULT_NUM_KEEP = 4;

export const PROMPT_TOO_LONG =
  'the prompt is longer than the context length currently available to the model; shorten the prompt, adjust the context length in settings, or use a model with a longer context length';

/** OLLAMA_CONTEXT_LENGTH when set, else by total VRAM: < 23 GiB → 4096, < 47 GiB → 32768, else 262144. */
export function serverDefaultContext(vramBytes: number, contextLength?: number): number {
  if (contextLength && contextLength > 0) return contextLength;
  if (vramBytes < 23 * GIB) return 4096;
  if (vramBytes < 47 * GIB) return 32768;
  return 262144;
}

/** The context a model is loaded with: the request's num_ctx or the server default, capped at the trained context. */
export function effectiveContext(requested: number | undefined, serverDefault: number, trainedContext: number): number {
  return Math.min(requested ?? serverDefault, trainedContext);
}

export interface FittedPrompt {
  /** What the model sees. */
  conversation: SimConversation;
  /** Tokens of the prompt as sent (before anything was dropped). */
  fullTokens: number;
  /** Tokens of what the model sees (prompt_eval_count). */
  promptTokens: number;
  droppedMessages: number;
  /** Tokens discarded from the head of the prompt by the context shift. */
  cutTokens: number;
}

function conversationChars(messages: readonly SimMessage[], tools: string): number {
  return messages.reduce((sum, message) => sum + messageText(message).length, tools.length);
}

export interface FitOptions {
  numKeep?: number;
  /** false (the deepseek2 family): a prompt still too long after dropping messages is a 400 instead of cut. */
  contextShift: boolean;
  /**
   * The chat goes to llama-server whole (a model rendered by llama-server's own template): nothing
   * is dropped or cut, a prompt of `numCtx` tokens or more is llama-server's 400, passed through.
   */
  ownTemplate?: boolean;
}

/** Tokens of the rendered prompt (tool definitions and every message). */
export function conversationTokens(conversation: SimConversation): number {
  return Math.ceil(conversationChars(conversation.messages, toolsText(conversation.tools)) / CHARS_PER_TOKEN);
}

/** Fits a conversation into `numCtx` tokens, as Ollama does (or refuses it, as llama-server does). */
export function fitPrompt(conversation: SimConversation, numCtx: number, options: FitOptions): FittedPrompt {
  const tools = toolsText(conversation.tools);
  const all = conversation.messages;
  const fullTokens = Math.ceil(conversationChars(all, tools) / CHARS_PER_TOKEN);
  if (options.ownTemplate) {
    if (fullTokens >= numCtx) throw exceedsContextPassedThrough(fullTokens, numCtx);
    return { conversation, fullTokens, promptTokens: fullTokens, droppedMessages: 0, cutTokens: 0 };
  }

  // Drop the oldest messages (keeping system messages and always the last one) until it fits.
  let kept: SimMessage[] = all;
  for (let start = 0; start < all.length; start++) {
    kept = [...all.slice(0, start).filter((m) => m.role === 'system'), ...all.slice(start)];
    if (Math.ceil(conversationChars(kept, tools) / CHARS_PER_TOKEN) <= numCtx) break;
  }
  const droppedMessages = all.length - kept.length;
  const keptTokens = Math.ceil(conversationChars(kept, tools) / CHARS_PER_TOKEN);

  if (keptTokens <= numCtx - 1) {
    return {
      conversation: { messages: kept, tools: conversation.tools },
      fullTokens,
      promptTokens: keptTokens,
      droppedMessages,
      cutTokens: 0,
    };
  }
  if (!options.contextShift) throw new SimError(400, PROMPT_TOO_LONG);

  // Context shift: keep num_keep tokens at the start and the end of the prompt, about half the context.
  const numKeep = Math.min(Math.max(options.numKeep ?? DEFAULT_NUM_KEEP, 0), numCtx - 1);
  const limit = numCtx - Math.max(Math.floor((numCtx - numKeep) / 2), 1);
  const cut = cutHead(
    kept,
    conversation.tools,
    tools.length,
    numKeep * CHARS_PER_TOKEN,
    (limit - numKeep) * CHARS_PER_TOKEN,
  );
  return { conversation: cut, fullTokens, promptTokens: limit, droppedMessages, cutTokens: keptTokens - limit };
}

/** Keeps the first `headChars` and the last `tailChars` of the rendered prompt (tools first, then messages). */
function cutHead(
  messages: readonly SimMessage[],
  tools: SimConversation['tools'],
  toolsChars: number,
  headChars: number,
  tailChars: number,
): SimConversation {
  const total = conversationChars(messages, toolsText(tools));
  const tailStart = total - tailChars;
  const visible = (start: number, end: number): [number, number][] => {
    const ranges: [number, number][] = [];
    if (start < headChars) ranges.push([0, Math.min(end, headChars) - start]);
    if (end > tailStart) ranges.push([Math.max(start, tailStart) - start, end - start]);
    return ranges;
  };
  // Tool definitions are rendered first (as in templates that put them in the system prompt), so a cut loses them.
  const keptTools = toolsChars <= headChars ? tools : [];
  const result: SimMessage[] = [];
  let offset = toolsChars;
  for (const message of messages) {
    const length = messageText(message).length;
    const ranges = visible(offset, offset + length);
    offset += length;
    if (ranges.length === 0) continue;
    const text = ranges
      .map(([from, to]) => message.text.slice(Math.max(from, 0), Math.min(to, message.text.length)))
      .join('');
    result.push({ ...message, text });
  }
  return { messages: result, tools: keptTools };
}
