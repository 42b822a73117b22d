// sim-delegate: a competent model that hands each task to a subagent with `model: "haiku"` (as a
// real model may, to save cost), then answers with the subagent's result. Inside the subagent it
// does the work itself. This is the one simulated model whose requests depend on Claude Code's
// model-name settings (ANTHROPIC_DEFAULT_HAIKU_MODEL): without them the subagent asks for
// `claude-haiku-…`, which Ollama does not serve.
import type { SimConversation, SimTool } from '../conversation.js';
import { plannedSteps, think, type ModelReply } from '../model.js';
import { isSummaryRequest } from '../summary.js';
import { findTask, firstLine } from '../task.js';
import { COMPETENT } from './base.js';
import type { SimProfile } from './types.js';

const DELEGATED_MODEL = 'haiku';

/** The system text of a delegated agent: Claude Code's subagents are told they work for a caller. */
const SUBAGENT_ROLE = /\byou are an agent for\b|\bthe caller will relay\b/i;

const isSubagent = (conversation: SimConversation): boolean =>
  conversation.messages.some((message) => message.role === 'system' && SUBAGENT_ROLE.test(message.text));

/** The subagent tool, if it lets the caller pick the model by alias (Claude Code's Agent/Task). */
function delegationTool(tools: readonly SimTool[]): SimTool | undefined {
  return tools.find((tool) => {
    if (tool.name !== 'Agent' && tool.name !== 'Task') return false;
    const model = tool.schema.properties?.model as { enum?: unknown[] } | undefined;
    return model !== undefined && (model.enum === undefined || model.enum.includes(DELEGATED_MODEL));
  });
}

/** Fills what the tool's schema asks for: the task as prompt, a short description, the alias. */
function delegationInput(tool: SimTool, task: string): Record<string, unknown> {
  const properties = tool.schema.properties ?? {};
  const input: Record<string, unknown> = {
    description: `Do: ${task.replace(/\s+/g, ' ').slice(0, 30)}`,
    prompt: task,
    model: DELEGATED_MODEL,
  };
  if ('subagent_type' in properties) input.subagent_type = 'general-purpose';
  // The answer is needed before anything else can happen: wait for it rather than run in the background.
  if ('run_in_background' in properties) input.run_in_background = false;
  return input;
}

/** The delegating model: one Agent call per task, then text using its result; otherwise competent. */
export function thinkDelegating(conversation: SimConversation): ModelReply {
  const { messages } = conversation;
  const tool = delegationTool(conversation.tools);
  const task = findTask(messages);
  // A subagent does the work itself (it is offered the Agent tool too); summaries and questions need no subagent.
  if (
    !tool ||
    !task ||
    isSubagent(conversation) ||
    isSummaryRequest(task.text) ||
    plannedSteps(task.text, conversation).length === 0
  )
    return think(conversation);
  const after = messages.slice(task.index + 1);
  const callIndex = after.findIndex((message) => message.toolCalls?.some((call) => call.name === tool.name));
  if (callIndex < 0) return { text: '', toolCalls: [{ name: tool.name, input: delegationInput(tool, task.text) }] };
  // Never a second subagent for the same task, whatever came back.
  const result = after.slice(callIndex + 1).find((message) => message.role === 'tool');
  if (!result) return { text: 'The subagent gave no result.', toolCalls: [] };
  const failed = result.isError === true || /<tool_use_error>/.test(result.text);
  // Claude Code wraps the subagent's report in bookkeeping tags (`<tools-used-before-summary>…`): skip them.
  const report = firstLine(result.text.replace(/<([\w-]+)>[^\n]*?<\/\1>/g, ''));
  return { text: failed ? `The subagent failed: ${report}` : `Done (by a subagent). ${report}`.trim(), toolCalls: [] };
}

/** `think` is the profile's own reasoning; generation uses it instead of the competent model's. */
export const delegate: SimProfile & { think: (conversation: SimConversation) => ModelReply } = {
  ...COMPETENT,
  name: 'delegate',
  summary:
    'competent, but hands each task to a subagent with `model: "haiku"` (Agent tool) and answers with its result',
  think: thinkDelegating,
};
