// Request bodies of the native API and of the Anthropic Messages API, turned into one conversation
// the way Ollama converts them (anthropic/anthropic.go FromMessagesRequest, api.ChatRequest).
import type { SimConversation, SimMessage, SimTool, SimToolCall } from './conversation.js';
import { SimError } from './errors.js';

export interface GenerationRequest {
  model: string;
  conversation: SimConversation;
  stream: boolean;
  /** `options.num_ctx` on the native API; never set by the Messages API. */
  numCtx?: number;
  /** `options.num_predict` / `max_tokens`. */
  numPredict?: number;
  /** `options.num_keep` (Ollama's default is 4). */
  numKeep?: number;
  /** `keep_alive: 0` unloads. */
  unload: boolean;
  /** `tool_choice` that forces a tool call: that tool, or (true) any. */
  forceTool?: string | true;
  /** /api/generate: a prompt Ollama renders (and cuts) itself, whatever the model's chat template. */
  promptOnly?: boolean;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const asString = (value: unknown): string => (typeof value === 'string' ? value : '');
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function requireModel(body: Json): string {
  const model = asString(body.model);
  if (!model) throw new SimError(400, 'model is required');
  return model;
}

function nativeOptions(body: Json): Pick<GenerationRequest, 'numCtx' | 'numPredict' | 'numKeep' | 'unload'> {
  const options = isObject(body.options) ? body.options : {};
  const positive = (value: unknown): number | undefined =>
    typeof value === 'number' && value > 0 ? Math.floor(value) : undefined;
  return {
    numCtx: positive(options.num_ctx),
    numPredict: positive(options.num_predict),
    numKeep: typeof options.num_keep === 'number' ? options.num_keep : undefined,
    unload: body.keep_alive === 0 || body.keep_alive === '0' || body.keep_alive === '0s',
  };
}

function nativeTools(value: unknown): SimTool[] {
  return asArray(value)
    .filter(isObject)
    .map((tool) => {
      const fn = isObject(tool.function) ? tool.function : {};
      return {
        name: asString(fn.name),
        description: asString(fn.description),
        schema: isObject(fn.parameters) ? fn.parameters : {},
      };
    });
}

/** POST /api/chat */
export function fromChatBody(body: Json): GenerationRequest {
  const model = requireModel(body);
  const messages: SimMessage[] = asArray(body.messages)
    .filter(isObject)
    .map((message, index) => {
      const role = asString(message.role);
      if (!['system', 'user', 'assistant', 'tool'].includes(role))
        throw new SimError(400, `invalid role: ${role || '(none)'}`);
      const toolCalls: SimToolCall[] = asArray(message.tool_calls)
        .filter(isObject)
        .map((call, callIndex) => {
          const fn = isObject(call.function) ? call.function : {};
          return {
            id: asString(call.id) || `call_${index}_${callIndex}`,
            name: asString(fn.name),
            input: isObject(fn.arguments) ? fn.arguments : {},
          };
        });
      return {
        role: role as SimMessage['role'],
        text: asString(message.content),
        ...(toolCalls.length > 0 ? { toolCalls } : {}),
      };
    });
  return {
    model,
    conversation: { messages, tools: nativeTools(body.tools) },
    stream: body.stream !== false,
    ...nativeOptions(body),
  };
}

/** POST /api/generate: the prompt becomes one user message (after the optional system). */
export function fromGenerateBody(body: Json): GenerationRequest & { prompt: string } {
  const model = requireModel(body);
  const prompt = asString(body.prompt);
  const system = asString(body.system);
  const messages: SimMessage[] = [
    ...(system ? [{ role: 'system' as const, text: system }] : []),
    ...(prompt ? [{ role: 'user' as const, text: prompt }] : []),
  ];
  return {
    model,
    prompt,
    conversation: { messages, tools: [] },
    stream: body.stream !== false,
    promptOnly: true,
    ...nativeOptions(body),
  };
}

function blocksOf(content: unknown): Json[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return asArray(content).filter(isObject);
}

function toolResultText(content: unknown): string {
  return blocksOf(content)
    .filter((block) => block.type === 'text')
    .map((block) => asString(block.text))
    .join('\n');
}

/** One Anthropic message → Ollama messages: tool results become `tool` messages ahead of the user's text. */
function fromAnthropicMessage(message: Json): SimMessage[] {
  const role = asString(message.role).toLowerCase();
  if (!['user', 'assistant', 'system'].includes(role)) throw new SimError(400, `invalid role: ${role || '(none)'}`);
  let text = '';
  const toolCalls: SimToolCall[] = [];
  const toolResults: SimMessage[] = [];
  for (const block of blocksOf(message.content)) {
    if (block.type === 'text') text += asString(block.text);
    else if (block.type === 'tool_use') {
      if (!block.id) throw new SimError(400, "tool_use block missing required 'id' field");
      if (!block.name) throw new SimError(400, "tool_use block missing required 'name' field");
      toolCalls.push({
        id: asString(block.id),
        name: asString(block.name),
        input: isObject(block.input) ? block.input : {},
      });
    } else if (block.type === 'tool_result') {
      toolResults.push({
        role: 'tool',
        text: toolResultText(block.content),
        ...(block.is_error === true ? { isError: true } : {}),
      });
    }
    // thinking, image, cache_control … carry nothing the simulated model reads.
  }
  const own: SimMessage[] =
    text || toolCalls.length > 0
      ? [{ role: role as SimMessage['role'], text, ...(toolCalls.length > 0 ? { toolCalls } : {}) }]
      : [];
  return role === 'user' ? [...toolResults, ...own] : [...own, ...toolResults];
}

/**
 * Where servers read a Messages body differently. Ollama and Anthropic-only servers: `model` and
 * `max_tokens` are required; Ollama fails a non-object `input_schema` and ignores `tool_choice`;
 * an Anthropic-only server honours `tool_choice`. llama-server: `max_tokens` defaults to 4096, any
 * (or no) model name, `messages` must be there (else a 500), and `tool_choice` any/tool both
 * force *some* tool call (the named one is not enforced).
 */
export type MessagesDialect = 'ollama' | 'llama-server' | 'anthropic';

/** `tool_choice` as the server applies it. */
function forcedTool(body: Json, dialect: MessagesDialect): GenerationRequest['forceTool'] {
  const choice = isObject(body.tool_choice) ? body.tool_choice : {};
  if (dialect === 'ollama' || (choice.type !== 'any' && choice.type !== 'tool')) return undefined;
  return dialect === 'anthropic' && choice.type === 'tool' ? asString(choice.name) : true;
}

/** Go's name for a JSON value's kind, as encoding/json words an unmarshal error. */
const goKind = (value: unknown): string =>
  Array.isArray(value) ? 'array' : typeof value === 'boolean' ? 'bool' : typeof value;

/** POST /v1/messages — `thinking`, `context_management`, `metadata`, `cache_control` are ignored, as Ollama does. */
export function fromMessagesBody(body: Json, dialect: MessagesDialect = 'ollama'): GenerationRequest {
  const strict = dialect !== 'llama-server';
  const model = strict ? requireModel(body) : asString(body.model);
  const maxTokens = body.max_tokens ?? (strict ? undefined : 4096);
  if (typeof maxTokens !== 'number' || maxTokens <= 0)
    throw new SimError(400, 'max_tokens is required and must be positive');
  if (!strict && body.messages === undefined) throw new SimError(500, "'messages' is required");
  const rawMessages = asArray(body.messages).filter(isObject);
  if (rawMessages.length === 0 && strict) throw new SimError(400, 'messages is required');
  const system =
    typeof body.system === 'string'
      ? body.system
      : blocksOf(body.system)
          .filter((b) => b.type === 'text')
          .map((b) => asString(b.text))
          .join('');
  const messages: SimMessage[] = [
    ...(system ? [{ role: 'system' as const, text: system }] : []),
    ...rawMessages.flatMap(fromAnthropicMessage),
  ];
  const tools: SimTool[] = asArray(body.tools)
    .filter(isObject)
    .map((tool) => {
      const schema = tool.input_schema;
      // Ollama decodes the schema into a struct: anything but an object (or null) fails the request.
      if (dialect === 'ollama' && schema !== undefined && schema !== null && !isObject(schema)) {
        throw new SimError(
          400,
          `invalid input_schema for tool ${JSON.stringify(asString(tool.name))}: json: cannot unmarshal ${goKind(schema)} into Go value of type api.ToolFunctionParameters`,
        );
      }
      return {
        name: asString(tool.name),
        description: asString(tool.description),
        schema: isObject(schema) ? schema : {},
      };
    });
  const forceTool = forcedTool(body, dialect);
  // Only a server that honours tool_choice hides the tools for `none` (llama-server and Ollama ignore it).
  const none = dialect === 'anthropic' && isObject(body.tool_choice) && body.tool_choice.type === 'none';
  return {
    model,
    conversation: { messages, tools: none ? [] : tools },
    stream: body.stream === true,
    numPredict: Math.floor(maxTokens),
    unload: false,
    ...(forceTool ? { forceTool } : {}),
  };
}

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Characters Ollama counts for one content value (anthropic.countAnyContent). */
function contentLength(content: unknown): number {
  if (content === undefined || content === null) return 0;
  if (typeof content === 'string') return byteLength(content);
  if (!Array.isArray(content)) return byteLength(JSON.stringify(content));
  return content.filter(isObject).reduce((sum, block) => {
    let length = byteLength(asString(block.text)) + byteLength(asString(block.thinking));
    if (block.type === 'tool_use' || block.type === 'tool_result') length += byteLength(JSON.stringify(block));
    return sum + length;
  }, 0);
}

/**
 * Ollama's estimate of a Messages request's input tokens for message_start (anthropic.EstimateCountTokens):
 * bytes / 4 of the system text, each message's role and content, and each tool's name, description and schema.
 */
export function estimatedInputTokens(body: Json): number {
  const messages = asArray(body.messages).filter(isObject);
  let length = contentLength(body.system);
  for (const message of messages) length += byteLength(asString(message.role)) + contentLength(message.content);
  for (const tool of asArray(body.tools).filter(isObject)) {
    length +=
      byteLength(asString(tool.name)) +
      byteLength(asString(tool.description)) +
      (tool.input_schema === undefined ? 0 : byteLength(JSON.stringify(tool.input_schema)));
  }
  const tokens = Math.floor(length / 4);
  return tokens === 0 && (messages.length > 0 || body.system !== undefined) ? 1 : tokens;
}
