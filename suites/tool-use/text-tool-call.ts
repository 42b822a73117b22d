// Finds a tool call written as text: the most common way a local model "uses tools" when its chat
// template does not parse its own call format, so Ollama hands the call back as plain text.

/** Markers of tool-call formats, from model families' chat templates. */
const MARKERS: readonly RegExp[] = [
  /<tool_call>[\s\S]*?(<\/tool_call>|$)/, // Qwen, Hermes
  /<\|python_tag\|>/, // Llama 3.1
  /<function=[\w.-]+>/, // Llama 3.2 / Functionary
  /\[TOOL_CALLS\]/, // Mistral
  /<\|tool_calls?_(begin|section_begin)\|>/, // DeepSeek
  /<(function_calls|invoke name=)/, // Claude-style XML
  /<tool_use>[\s\S]*?<\/tool_use>/,
];

const NAME_KEYS = ['name', 'tool', 'function', 'tool_name'];
const ARGUMENT_KEYS = ['arguments', 'parameters', 'input', 'args', 'tool_input'];

/**
 * A JSON object that names a tool and carries its arguments, e.g. Llama's `{"name": …, "parameters": …}`,
 * or holds one a level or two down (`{"tool_calls": [{"function": {…}}]}`).
 */
function looksLikeCallObject(value: unknown, depth = 0): boolean {
  if (depth > 3 || !value || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => looksLikeCallObject(item, depth + 1));
  const record = value as Record<string, unknown>;
  const named = NAME_KEYS.some((key) => typeof record[key] === 'string');
  const withArguments = ARGUMENT_KEYS.some((key) => key in record);
  if (named && withArguments) return true;
  return Object.values(record).some((inner) => looksLikeCallObject(inner, depth + 1));
}

/** Every balanced `{…}` / `[…]` span in the text (strings and escapes respected), outermost first. */
function jsonCandidates(text: string): string[] {
  const spans: string[] = [];
  for (let start = 0; start < text.length; start++) {
    const open = text[start];
    if (open !== '{' && open !== '[') continue;
    const end = balancedEnd(text, start);
    if (end > start) {
      spans.push(text.slice(start, end + 1));
      start = end;
    }
  }
  return spans;
}

function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function parses(candidate: string): unknown {
  try {
    return JSON.parse(candidate);
  } catch {
    return undefined;
  }
}

/** The tool call found in a text block (trimmed to ~120 chars), or null when the text is prose. */
export function findTextToolCall(text: string): string | null {
  for (const marker of MARKERS) {
    const match = marker.exec(text);
    if (match) return excerpt(text.slice(match.index));
  }
  for (const candidate of jsonCandidates(text)) {
    if (looksLikeCallObject(parses(candidate))) return excerpt(candidate);
  }
  return null;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}
