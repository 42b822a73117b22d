import { describe, expect, it } from 'vitest';
import { findTextToolCall } from '../../suites/tool-use/text-tool-call.js';

describe('findTextToolCall', () => {
  it.each([
    ['Qwen/Hermes', '<tool_call>\n{"name": "Read", "arguments": {"file_path": "/a.ts"}}\n</tool_call>'],
    ['Qwen, unterminated', 'Let me look.\n<tool_call>\n{"name": "Read", "arguments": {"file_path": "/a.ts"'],
    ['Llama python tag', '<|python_tag|>{"name": "Bash", "parameters": {"command": "ls"}}'],
    ['Llama bare JSON', '{"name": "Read", "parameters": {"file_path": "/a.ts"}}'],
    ['fenced json', 'Here you go:\n```json\n{\n  "name": "Glob",\n  "arguments": {"pattern": "**/*.ts"}\n}\n```'],
    [
      'OpenAI-style list',
      '[{"type": "function", "function": {"name": "Read", "arguments": "{\\"file_path\\": \\"/a.ts\\"}"}}]',
    ],
    ['tool_calls wrapper', '{"tool_calls": [{"name": "Read", "input": {"file_path": "/a.ts"}}]}'],
    ['Mistral', '[TOOL_CALLS] [{"name": "Read", "arguments": {"file_path": "/a.ts"}}]'],
    ['Llama 3.2 function tag', '<function=Read>{"file_path": "/a.ts"}</function>'],
    [
      'Claude-style XML',
      '<function_calls><invoke name="Read"><parameter name="file_path">/a.ts</parameter></invoke></function_calls>',
    ],
  ])('finds a %s call', (_, text) => {
    expect(findTextToolCall(text)).not.toBeNull();
  });

  it.each([
    ['prose', 'HTTP stands for HyperText Transfer Protocol.'],
    ['code with braces', 'Use `const { a, b } = obj;` to destructure, and `[1, 2]` for arrays.'],
    ['config JSON', 'Your tsconfig could be:\n```json\n{"compilerOptions": {"strict": true}, "name": "app"}\n```'],
    ['unbalanced braces', 'A set looks like {1, 2 and never closes'],
  ])('leaves %s alone', (_, text) => {
    expect(findTextToolCall(text)).toBeNull();
  });

  it('returns a short excerpt of the call', () => {
    const found = findTextToolCall(
      `Sure.\n<tool_call>\n{"name": "Write", "arguments": {"file_path": "/a.ts", "content": "${'x'.repeat(500)}"}}\n</tool_call>`,
    );
    expect(found?.startsWith('<tool_call>')).toBe(true);
    expect(found!.length).toBeLessThanOrEqual(120);
  });
});
