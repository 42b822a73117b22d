// One representation of a chat for the model, whichever API it came through — the messages Ollama
// renders into a prompt after converting an Anthropic request (anthropic/anthropic.go).

export interface SimToolCall {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export interface SimMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  text: string;
  toolCalls?: SimToolCall[];
  /** For `tool` messages: the Anthropic `is_error` flag (Ollama drops it; the text still shows the error). */
  isError?: boolean;
}

export interface SimTool {
  name: string;
  description: string;
  /** JSON schema of the arguments (`input_schema` / `function.parameters`). */
  schema: { properties?: Record<string, unknown>; required?: string[] } & Record<string, unknown>;
}

export interface SimConversation {
  messages: SimMessage[];
  tools: SimTool[];
}

/** The text a message contributes to the rendered prompt (tool calls as their JSON). */
export function messageText(message: SimMessage): string {
  const calls = (message.toolCalls ?? [])
    .map((call) => JSON.stringify({ name: call.name, arguments: call.input }))
    .join('');
  return message.text + calls;
}

export function toolsText(tools: readonly SimTool[]): string {
  return tools.length > 0
    ? JSON.stringify(tools.map((tool) => ({ name: tool.name, description: tool.description, parameters: tool.schema })))
    : '';
}

/** The rendered prompt the token counts are taken from: tool definitions first, then every message. */
export function renderPrompt(conversation: SimConversation): string {
  return toolsText(conversation.tools) + conversation.messages.map(messageText).join('');
}

/**
 * The prompt in the order a chat template renders it — the leading system message, then the tool
 * definitions, then the rest of the conversation — which is what a prompt cache compares: a change
 * in the system prompt's first line invalidates everything after it, tools included.
 */
export function templateOrderPrompt(conversation: SimConversation): string {
  const lead = conversation.messages.findIndex((message) => message.role !== 'system');
  const split = lead < 0 ? conversation.messages.length : lead;
  return (
    conversation.messages.slice(0, split).map(messageText).join('') +
    toolsText(conversation.tools) +
    conversation.messages.slice(split).map(messageText).join('')
  );
}
