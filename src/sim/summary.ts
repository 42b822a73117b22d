// Compaction as a competent model handles it. Asked to summarize the conversation so far (Claude
// Code's auto-compact request), the model writes a summary that keeps the user's request verbatim
// and lists the actions already done for it; a conversation that later starts from such a summary
// gives the request and those actions back. Pure functions of the text the model sees: the
// simulator never knows about tasks. See docs/simulator.md, "Summaries (compaction)".
import type { SimMessage, SimToolCall } from './conversation.js';
import { findTask, firstLine } from './task.js';

/** An instruction to summarize the conversation (not a text that merely mentions a summary of one). */
const SUMMARY_REQUEST =
  /\b(?:create|write|provide|produce|give)\b[^.\n]{0,40}\bsummary of (?:the|this|our) conversation\b|\bsummari[sz]e (?:the|this|our) conversation\b/i;

const REQUEST_HEADING = 'Primary Request and Intent:';
const DONE_HEADING = 'Completed actions';
const QUOTE = '   > ';
const LAST_RESULT = 'Last result:';

export interface WorkInProgress {
  /** The user's request, also when it only survives inside an earlier summary. */
  request: string;
  /** Actions already done for it (`Read {"file_path":…}`), oldest first, earlier summaries included. */
  completed: string[];
  /** First line of the newest tool result, also when only a summary remembers it. */
  lastResult: string | null;
  /** Index of the message the request was found in. */
  index: number;
}

/** `1. Primary Request and Intent:` — numbered or not, as the summary may come back reformatted. */
const isHeading = (line: string, heading: string): boolean =>
  line
    .trim()
    .replace(/^\d+\.\s*/, '')
    .startsWith(heading);

export const describeCall = (call: Pick<SimToolCall, 'name' | 'input'>): string =>
  `${call.name} ${JSON.stringify(call.input)}`;

/** The request and completed actions a summary written by `writeSummary` holds, or null when `text` holds none. */
export function readSummary(text: string): { request: string; completed: string[]; lastResult: string | null } | null {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => isHeading(line, REQUEST_HEADING));
  if (start < 0) return null;
  const request: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const quoted = /^\s*>\s?(.*)$/.exec(line);
    if (!quoted) break;
    request.push(quoted[1]);
  }
  if (request.join('').trim() === '') return null;
  const completed: string[] = [];
  const doneStart = lines.findIndex((line, index) => index > start && isHeading(line, DONE_HEADING));
  if (doneStart >= 0) {
    for (const line of lines.slice(doneStart + 1)) {
      const item = /^\s*-\s+(.+)$/.exec(line);
      if (!item) break;
      completed.push(item[1].trim());
    }
  }
  const last = lines.find((line) => line.trim().startsWith(LAST_RESULT));
  return {
    request: request.join('\n'),
    completed,
    lastResult: last ? last.trim().slice(LAST_RESULT.length).trim() : null,
  };
}

export const isSummaryRequest = (task: string): boolean => SUMMARY_REQUEST.test(task) && readSummary(task) === null;

/** The request the conversation works on and what was done for it: the task, or what an earlier summary kept of it. */
export function workInProgress(messages: readonly SimMessage[]): WorkInProgress | null {
  const task = findTask(messages);
  if (!task) return null;
  const resumed = readSummary(task.text);
  const after = messages.slice(task.index + 1);
  const since = after.flatMap((message) =>
    message.role === 'assistant' ? (message.toolCalls ?? []).map(describeCall) : [],
  );
  const newest = after.findLast((message) => message.role === 'tool');
  return {
    request: resumed?.request ?? task.text,
    completed: [...(resumed?.completed ?? []), ...since],
    lastResult: newest ? firstLine(newest.text) : (resumed?.lastResult ?? null),
    index: task.index,
  };
}

/** The summary of `conversation` (the messages before the summary request). */
export function writeSummary(conversation: readonly SimMessage[]): string {
  const work = workInProgress(conversation);
  const request = work
    ? work.request.split('\n').map((line) => `${QUOTE}${line}`)
    : ['   (no request from the user is left in the conversation)'];
  const completed = work?.completed ?? [];
  return [
    '<analysis>',
    work
      ? `One request from the user; ${completed.length} action(s) done for it so far.`
      : 'No request from the user is visible.',
    '</analysis>',
    '',
    '<summary>',
    `1. ${REQUEST_HEADING}`,
    ...request,
    `2. ${DONE_HEADING} (${completed.length}):`,
    ...completed.map((action) => `   - ${action}`),
    '3. Pending Tasks:',
    work ? '   The steps of the request above that come after the completed actions, in order.' : '   None known.',
    '4. Current Work:',
    `   ${completed.at(-1) ?? 'Nothing done yet.'}`,
    ...(work?.lastResult ? [`   ${LAST_RESULT} ${work.lastResult}`] : []),
    '</summary>',
  ].join('\n');
}
