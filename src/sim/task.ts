// Reading a conversation the way a model would: which text is the task, where the work happens,
// and how the task breaks into steps.
import type { SimMessage } from './conversation.js';

export const DEFAULT_WORKING_DIRECTORY = '/workspace';

export function stripReminders(text: string): string {
  return text.replace(/<system-reminder>[\s\S]*?<\/system-reminder>/g, '').trim();
}

/** The first non-empty line of a tool result, without reminders or error tags. */
export function firstLine(text: string): string {
  return (
    stripReminders(text.replace(/<\/?tool_use_error>/g, ''))
      .split('\n')
      .map((line) => line.trim())
      .find(Boolean) ?? ''
  );
}

export interface Task {
  text: string;
  /** Index of the message holding the task. */
  index: number;
}

/** The last user message that still has text once `<system-reminder>` blocks are removed. */
export function findTask(messages: readonly SimMessage[]): Task | null {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index];
    if (message.role !== 'user') continue;
    const text = stripReminders(message.text);
    if (text) return { text, index };
  }
  return null;
}

/** `Working directory: <dir>` / `Primary working directory: <dir>` / `cwd: <dir>` in any system text. */
export function workingDirectory(messages: readonly SimMessage[]): string {
  for (const message of messages) {
    if (message.role !== 'system') continue;
    const match = /(?:^|\n)[\s\-*]*(?:primary\s+)?(?:working directory|cwd)\s*:\s*(\S+)/i.exec(message.text);
    if (match) return match[1].replace(/[`'".,;]+$/, '');
  }
  return DEFAULT_WORKING_DIRECTORY;
}

export interface Step {
  text: string;
  /** true when the step waits for the previous one (`then`); otherwise it may run in parallel. */
  afterPrevious: boolean;
}

/** For each character: is it inside a quoted string (`"…"`, `` `…` ``, `“…”`, or a word-bounded `'…'`)? */
function quotedMask(text: string): boolean[] {
  const mask: boolean[] = new Array(text.length).fill(false);
  let closing: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (closing) {
      const ends = ch === closing && (closing !== "'" || !/\w/.test(text[i + 1] ?? ''));
      mask[i] = true;
      if (ends) closing = null;
      continue;
    }
    if (ch === '"' || ch === '`') closing = ch;
    else if (ch === '“') closing = '”';
    else if (ch === "'" && /^$|[\s(]/.test(text[i - 1] ?? '')) closing = "'";
    mask[i] = closing !== null;
  }
  return mask;
}

/** Splits `text` at every match of `separator` that is not inside quotes. */
function splitOutsideQuotes(text: string, separator: RegExp): { part: string; separator: string }[] {
  const mask = quotedMask(text);
  const parts: { part: string; separator: string }[] = [];
  let start = 0;
  let previousSeparator = '';
  for (const match of text.matchAll(new RegExp(separator.source, 'gi'))) {
    if (mask[match.index]) continue;
    parts.push({ part: text.slice(start, match.index), separator: previousSeparator });
    previousSeparator = match[0];
    start = match.index + match[0].length;
  }
  parts.push({ part: text.slice(start), separator: previousSeparator });
  return parts;
}

const PLAN_SENTENCE = /\b(?:make a plan|todo list|to-do list)\b[^:]*:/i;
const LEADING_THEN = /^(?:then|after that|afterwards|next|finally)\b[\s,]*/i;

/** Sentences and lines, then clauses joined by `, then`, ` and then` or `; ` (a plan's `;` list stays whole). */
export function splitSteps(task: string): Step[] {
  const steps: Step[] = [];
  for (const { part: sentence } of splitOutsideQuotes(task, /(?<=[.!?])\s+|\n+/)) {
    const clauseSeparator = PLAN_SENTENCE.test(sentence)
      ? /,\s*then\s+|\s+and\s+then\s+/
      : /,\s*then\s+|\s+and\s+then\s+|;\s+/;
    for (const { part, separator } of splitOutsideQuotes(sentence, clauseSeparator)) {
      const cleaned = part.trim().replace(/^(?:\d+[.)]|[-*•])\s+/, '');
      if (!cleaned) continue;
      const afterPrevious = /then/i.test(separator) || LEADING_THEN.test(cleaned);
      steps.push({
        text: cleaned
          .replace(LEADING_THEN, '')
          .replace(/[.!]+$/, '')
          .trim(),
        afterPrevious,
      });
    }
  }
  return steps.filter((step) => step.text);
}
