// A system prompt + tool list the size of Claude Code's first request (~47K characters ≈ 12–14K
// tokens), generated here: what matters for prefill and context is the size and shape, not the words.
import type Anthropic from '@anthropic-ai/sdk';
import { fillerText } from './filler.js';

/** Characters of Claude Code 2.1.33x's first request before the user types anything (seen). */
export const CLAUDE_CODE_FIRST_REQUEST_CHARS = 47_000;
/** Its size in tokens, as Ollama counts it for Llama/Qwen tokenizers (~3.5 characters per token). */
export const CLAUDE_CODE_FIRST_REQUEST_TOKENS = 13_000;

const TOOL_NAMES = ['Task', 'Bash', 'Glob', 'Grep', 'Read', 'Edit', 'Write', 'NotebookEdit', 'WebFetch', 'TodoWrite', 'WebSearch', 'KillShell'];

export interface ClaudeCodeSizedPrompt {
  system: string;
  tools: Anthropic.Tool[];
}

/** `nonce` goes first so that repetitions do not hit Ollama's prompt cache. */
export function claudeCodeSizedPrompt(nonce: string, seed = 1): ClaudeCodeSizedPrompt {
  const toolChars = 12_000;
  const tools: Anthropic.Tool[] = TOOL_NAMES.map((name, index) => ({
    name,
    description: fillerText(seed * 100 + index, toolChars / TOOL_NAMES.length),
    input_schema: {
      type: 'object',
      properties: { target: { type: 'string', description: 'What the tool acts on.' } },
      required: ['target'],
    },
  }));
  const system = `Session ${nonce}. You are a coding agent working in /workspace.\n` + fillerText(seed, CLAUDE_CODE_FIRST_REQUEST_CHARS - toolChars);
  return { system, tools };
}
