import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { invalidToolCalls, parseStreamJson, subagentCount } from '../../src/agent/stream-json.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/claude-code/${name}`, import.meta.url), 'utf8');

describe('parseStreamJson on real Claude Code 2.1.332 output', () => {
  it('reads a session that wrote a file: one Write call, two turns, success', () => {
    const transcript = parseStreamJson(
      fixture('stream-json-write.jsonl'),
      '[claude-code:unrecognized_model] {"model":"sim-good","query_source":"sdk"}\n',
    );
    expect(transcript.model).toBe('sim-good');
    expect(transcript.toolsAvailable).toContain('Write');
    expect(transcript.toolCalls.map((call) => call.name)).toEqual(['Write']);
    expect(transcript.toolCalls[0].input).toEqual({ file_path: '/workspace/hello.txt', content: 'hi' });
    expect(transcript.turns).toBe(2);
    expect(transcript.result).toMatchObject({ subtype: 'success', isError: false, numTurns: 2, apiErrorStatus: null });
    expect(transcript.finalText).toBe('Done. Created hello.txt.');
    expect(transcript.unrecognizedModel).toBe(true);
    expect(transcript.errors).toEqual([]);
  });

  it('reads an API error: status and message, no tool calls', () => {
    const transcript = parseStreamJson(fixture('stream-json-api-error.jsonl'));
    expect(transcript.toolCalls).toEqual([]);
    expect(transcript.result).toMatchObject({ isError: true, apiErrorStatus: 404, terminalReason: 'api_error' });
    expect(transcript.errors.join('\n')).toContain('404');
  });

  it('marks a call Claude Code refused as invalid input', () => {
    const transcript = parseStreamJson(fixture('stream-json-invalid-input.jsonl'));
    const invalid = invalidToolCalls(transcript);
    expect(invalid.map((call) => call.name)).toEqual(['Write']);
    expect(invalid[0].error).toContain('content');
  });

  it('counts subagent spawns of a runaway session', () => {
    const text = fixture('stream-json-subagents.jsonl');
    const agentCalls = text
      .split('\n')
      .filter((line) => line.includes('"type":"assistant"') && line.includes('"name":"Agent"')).length;
    const transcript = parseStreamJson(text);
    expect(agentCalls).toBeGreaterThan(2);
    expect(subagentCount(transcript)).toBeGreaterThanOrEqual(agentCalls);
    // Subagents' own turns are not turns of the main conversation.
    const mainTurns = text
      .split('\n')
      .filter((line) => line.includes('"type":"assistant"') && line.includes('"parent_tool_use_id":null')).length;
    expect(transcript.turns).toBe(mainTurns);
  });

  it('keeps a line that is not JSON as an error instead of throwing', () => {
    const transcript = parseStreamJson(
      'not json\n{"type":"result","subtype":"success","is_error":false,"num_turns":1,"result":"ok"}\n',
    );
    expect(transcript.errors).toHaveLength(1);
    expect(transcript.result?.text).toBe('ok');
  });
});
