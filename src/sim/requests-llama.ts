// Request bodies only llama-server has: OpenAI's /v1/chat/completions and its own /completion,
// with the llama.cpp extras (`cache_prompt`, `id_slot`, `n_predict`), turned into one conversation.
import type { SimMessage, SimToolCall } from './conversation.js';
import { SimError } from './errors.js';
import type { GenerationRequest } from './requests.js';

type Json = Record<string, unknown>;

export interface LlamaRequest extends GenerationRequest {
  /** false: every prompt token is processed again. Default true. */
  cachePrompt: boolean;
  /** -1: the slot with the longest cached prefix. */
  idSlot: number;
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const asString = (value: unknown): string => (typeof value === 'string' ? value : '');
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** OpenAI content: a string or text parts. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .filter(isObject)
    .filter((part) => part.type === 'text')
    .map((part) => asString(part.text))
    .join('');
}

function parseArguments(text: unknown): Record<string, unknown> {
  if (isObject(text)) return text;
  try {
    const value: unknown = JSON.parse(asString(text));
    return isObject(value) ? value : {};
  } catch {
    return {};
  }
}

/** `max_tokens` / `max_completion_tokens` / `n_predict`; -1 or absent: until the context is full. */
function maxTokens(body: Json): number | undefined {
  const value = [body.max_tokens, body.max_completion_tokens, body.n_predict].find((v) => typeof v === 'number');
  return typeof value === 'number' && value > 0 ? Math.floor(value) : undefined;
}

function llamaExtras(body: Json): Pick<LlamaRequest, 'cachePrompt' | 'idSlot' | 'numPredict' | 'stream' | 'unload'> {
  return {
    cachePrompt: body.cache_prompt !== false,
    idSlot: typeof body.id_slot === 'number' ? body.id_slot : -1,
    numPredict: maxTokens(body),
    stream: body.stream === true,
    unload: false,
  };
}

/** POST /v1/chat/completions */
export function fromChatCompletionsBody(body: Json): LlamaRequest {
  if (!Array.isArray(body.messages)) throw new SimError(500, "'messages' is required");
  const messages: SimMessage[] = body.messages.filter(isObject).map((message, index) => {
    const role = asString(message.role);
    if (!['system', 'user', 'assistant', 'tool'].includes(role))
      throw new SimError(500, `Invalid role: ${role || '(none)'}`);
    const toolCalls: SimToolCall[] = asArray(message.tool_calls)
      .filter(isObject)
      .map((call, callIndex) => {
        const fn = isObject(call.function) ? call.function : {};
        return {
          id: asString(call.id) || `call_${index}_${callIndex}`,
          name: asString(fn.name),
          input: parseArguments(fn.arguments),
        };
      });
    return {
      role: role as SimMessage['role'],
      text: contentText(message.content),
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
    };
  });
  const tools = asArray(body.tools)
    .filter(isObject)
    .map((tool) => {
      const fn = isObject(tool.function) ? tool.function : {};
      return {
        name: asString(fn.name),
        description: asString(fn.description),
        schema: isObject(fn.parameters) ? fn.parameters : {},
      };
    });
  return { model: asString(body.model), conversation: { messages, tools }, ...llamaExtras(body) };
}

/** POST /completion: the prompt as it is, no chat template (the model sees it as one user turn). */
export function fromCompletionBody(body: Json): LlamaRequest & { prompt: string } {
  if (body.prompt === undefined) throw new SimError(400, '"prompt" must be provided');
  const prompt =
    typeof body.prompt === 'string'
      ? body.prompt
      : asArray(body.prompt)
          .map((part) => (typeof part === 'string' ? part : ''))
          .join('');
  return {
    model: asString(body.model),
    prompt,
    conversation: { messages: [{ role: 'user', text: prompt }], tools: [] },
    ...llamaExtras(body),
  };
}
