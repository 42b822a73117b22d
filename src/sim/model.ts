// The competent simulated model: a pure function from what the model sees (the conversation left
// after context fitting) to a reply. See docs/simulator.md, "What the competent model does".
import type { SimConversation, SimMessage } from './conversation.js';
import { parseInstruction } from './instructions.js';
import { isSummaryRequest, workInProgress, writeSummary } from './summary.js';
import { findTask, firstLine, splitSteps, workingDirectory } from './task.js';
import { planCall, type PlannedCall } from './tool-fit.js';

export interface ModelReply {
  text: string;
  toolCalls: PlannedCall[];
}

const textReply = (text: string): ModelReply => ({ text, toolCalls: [] });

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `what is the secret code for KEY` → the matching fact anywhere in what the model sees. */
function answerNeedle(task: string, messages: readonly SimMessage[]): ModelReply | null {
  const questions = [...task.matchAll(/what is the secret (code|number|word) (?:for|of) ([^?\n]+?)\s*(?:\?|$)/gim)];
  const question = questions.at(-1);
  if (!question) return null;
  const [, kind, key] = question;
  const fact = new RegExp(`[Tt]he secret ${kind.toLowerCase()} for ${escapeRegExp(key.trim())} is (.+?)\\.(?=\\s|$)`);
  for (const message of messages) {
    const found = fact.exec(message.text);
    if (!found) continue;
    // "Reply with the code only" gets the bare value, as an instruction-following model would.
    const bare = /\b(?:code|number|word|value) only\b|\bonly the (?:code|number|word|value)\b/i.test(task);
    return textReply(bare ? found[1] : `The secret ${kind.toLowerCase()} for ${key.trim()} is ${found[1]}.`);
  }
  return textReply(/\bnot found\b/i.test(task) ? 'not found' : 'I could not find it.');
}

/** Tool calls for the steps of the task, each with whether it must wait for the one before. */
export function plannedSteps(
  task: string,
  conversation: SimConversation,
): { call: PlannedCall; afterPrevious: boolean }[] {
  const cwd = workingDirectory(conversation.messages);
  const planned: { call: PlannedCall; afterPrevious: boolean }[] = [];
  for (const step of splitSteps(task)) {
    const instruction = parseInstruction(step.text);
    const call = instruction ? planCall(instruction, conversation.tools, cwd) : null;
    if (call) planned.push({ call, afterPrevious: step.afterPrevious });
  }
  return planned;
}

const isErrorResult = (message: SimMessage): boolean =>
  message.isError === true || /<tool_use_error>/.test(message.text);

const FILLER = 'the quick brown fox jumps over a lazy dog while seven bright stars shine on calm water'.split(' ');

/** Plain answers; "write N words" and "count from 1 to N" give replies of a known length. */
function plainAnswer(task: string): ModelReply {
  const words = /\b(\d{1,5})\s+words\b/i.exec(task);
  if (words)
    return textReply(Array.from({ length: Number(words[1]) }, (_, i) => FILLER[i % FILLER.length]).join(' ') + '.');
  const count = /\bcount\s+from\s+(\d{1,5})\s+to\s+(\d{1,5})\b/i.exec(task);
  if (count) {
    const [from, to] = [Number(count[1]), Number(count[2])];
    return textReply(
      Array.from({ length: Math.max(0, Math.min(to - from, 10_000) + 1) }, (_, i) => String(from + i)).join(', ') + '.',
    );
  }
  // Short on purpose: sim-slow pays 0.2 s per token.
  const gist = task.replace(/\s+/g, ' ').slice(0, 40);
  return textReply(`No tools needed for "${gist}${task.length > 40 ? '…' : ''}".`);
}

export function think(conversation: SimConversation): ModelReply {
  const { messages } = conversation;
  const task = findTask(messages);
  if (!task) return textReply('Hello! How can I help you today?');
  // Claude Code's auto-compact request: summarize what came before it, call nothing.
  if (isSummaryRequest(task.text)) return textReply(writeSummary(messages.slice(0, task.index)));
  // The request itself, or what an earlier summary kept of it (then its completed actions count as done).
  const work = workInProgress(messages) ?? { request: task.text, completed: [], lastResult: null, index: task.index };

  const needle = answerNeedle(work.request, messages);
  if (needle) return needle;

  const after = messages.slice(task.index + 1);
  // The results answering the newest assistant turn (Claude Code may add reminder-only user text after them).
  const results = after.slice(after.findLastIndex((m) => m.role === 'assistant') + 1).filter((m) => m.role === 'tool');
  const failed = results.find(isErrorResult);
  if (failed) return textReply(`The tool failed: ${firstLine(failed.text)}`);

  const steps = plannedSteps(work.request, conversation);
  const done = work.completed.length;
  const pending = steps.slice(done);
  if (pending.length > 0) {
    const batch = [pending[0].call];
    for (const step of pending.slice(1)) {
      if (step.afterPrevious) break;
      batch.push(step.call);
    }
    return { text: '', toolCalls: batch };
  }
  if (done > 0 || work.lastResult !== null) return textReply(`Done. ${work.lastResult ?? ''}`.trim());
  return plainAnswer(work.request);
}
