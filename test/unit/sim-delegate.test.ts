// sim-delegate's replies to Claude Code's real requests: one Agent call with `model: "haiku"` for the
// task, the work itself inside the subagent, and an answer from the subagent's result.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { think } from '../../src/sim/model.js';
import { thinkDelegating } from '../../src/sim/profiles/delegate.js';
import { fromMessagesBody } from '../../src/sim/requests.js';

type Body = {
  system: { type: string; text: string }[];
  messages: { role: string; content: unknown }[];
  tools: { name: string; input_schema: { properties: Record<string, unknown>; required: string[] } }[];
};

const fixture = (): Body =>
  JSON.parse(readFileSync(new URL('../fixtures/claude-code/first-request.json', import.meta.url), 'utf8'));
const conversationOf = (body: Body) => fromMessagesBody(body as unknown as Record<string, unknown>).conversation;

/** The role text Claude Code 2.1.332 gives a subagent (seen in a real session's subagent request). */
const SUBAGENT_SYSTEM =
  "You are an agent for Claude Code, Anthropic's official CLI for Claude. Given the user's message, you should use the tools available to complete the task. When you complete the task, respond with a concise report covering what was done and any key findings — the caller will relay this to the user.";

function asSubagent(body: Body): Body {
  return {
    ...body,
    system: body.system.map((block, index) =>
      index === body.system.length - 1 ? { ...block, text: SUBAGENT_SYSTEM } : block,
    ),
  };
}

/** The first request, then the model's Agent call and Claude Code's tool_result for it. */
function afterAgentResult(body: Body, input: Record<string, unknown>, result: string, isError: boolean): Body {
  return {
    ...body,
    messages: [
      ...body.messages,
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01', name: 'Agent', input }] },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_01', content: result, ...(isError ? { is_error: true } : {}) },
        ],
      },
    ],
  };
}

describe('sim-delegate', () => {
  it('delegates the task through the Agent tool with model "haiku", in an input that fits the real schema', () => {
    const body = fixture();
    const reply = thinkDelegating(conversationOf(body));
    expect(reply.toolCalls).toHaveLength(1);
    const [call] = reply.toolCalls;
    expect(call.name).toBe('Agent');
    expect(call.input).toMatchObject({ model: 'haiku', prompt: 'Create a file hello.txt containing "hi"' });
    const schema = body.tools.find((tool) => tool.name === 'Agent')!.input_schema;
    for (const name of schema.required) expect(call.input[name]).toEqual(expect.any(String));
    expect(Object.keys(call.input).every((name) => name in schema.properties)).toBe(true);
  });

  it('inside the subagent, does the work itself as the competent model does', () => {
    const conversation = conversationOf(asSubagent(fixture()));
    const reply = thinkDelegating(conversation);
    expect(reply).toEqual(think(conversation));
    expect(reply.toolCalls.map((call) => call.name)).toEqual(['Write']);
  });

  it("answers with the subagent's result and starts no second subagent", () => {
    const body = fixture();
    const [call] = thinkDelegating(conversationOf(body)).toolCalls;
    const reply = thinkDelegating(
      conversationOf(afterAgentResult(body, call.input, 'Created /workspace/hello.txt with "hi".', false)),
    );
    expect(reply.toolCalls).toEqual([]);
    expect(reply.text).toContain('Created /workspace/hello.txt with "hi".');
  });

  it('reports a failed subagent (an unknown model) in text instead of retrying it', () => {
    const body = fixture();
    const [call] = thinkDelegating(conversationOf(body)).toolCalls;
    const error =
      "Agent terminated early due to an API error: There's an issue with the selected model (claude-haiku-5-5).";
    const reply = thinkDelegating(conversationOf(afterAgentResult(body, call.input, error, true)));
    expect(reply.toolCalls).toEqual([]);
    expect(reply.text).toContain('claude-haiku-5-5');
  });

  it('behaves as the competent model when no Agent tool lets it choose a model, or the task needs no tool', () => {
    const body = fixture();
    const withoutModelChoice: Body = {
      ...body,
      tools: body.tools.map((tool) => {
        if (tool.name !== 'Agent') return tool;
        const { model: _model, ...properties } = tool.input_schema.properties;
        return { ...tool, input_schema: { ...tool.input_schema, properties } };
      }),
    };
    const noChoice = conversationOf(withoutModelChoice);
    expect(thinkDelegating(noChoice)).toEqual(think(noChoice));
    expect(thinkDelegating(noChoice).toolCalls.map((call) => call.name)).toEqual(['Write']);

    const question: Body = JSON.parse(
      JSON.stringify(body).replace('Create a file hello.txt containing \\"hi\\"', 'What is a closure?'),
    );
    const plain = conversationOf(question);
    expect(thinkDelegating(plain)).toEqual(think(plain));
    expect(thinkDelegating(plain).toolCalls).toEqual([]);
  });
});
