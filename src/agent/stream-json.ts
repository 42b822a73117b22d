// Reads what `claude -p --output-format stream-json --verbose` printed: one JSON event per line.
// Event shapes as seen with Claude Code 2.1.332 (test/fixtures/claude-code/stream-json-*.jsonl).
import { asArray, isObject, type Json } from './json.js';

export interface ToolCall {
  id: string;
  name: string;
  input: unknown;
  /** Set when Claude Code rejected or failed the call (the tool_result had is_error). */
  error?: string;
  /** The error was Claude Code refusing the input against the tool's schema. */
  invalidInput?: boolean;
}

export interface ResultSummary {
  /** `success`, `error_max_turns`, `error_during_execution`, … */
  subtype: string;
  isError: boolean;
  numTurns: number | null;
  costUsd: number | null;
  text: string;
  /** e.g. `completed`, `api_error`. */
  terminalReason: string | null;
  apiErrorStatus: number | null;
}

export interface StreamTranscript {
  model: string | null;
  /** Tools Claude Code says it has (its init event), not all of which it offers the model. */
  toolsAvailable: string[];
  /** Assistant messages of the main conversation (not of subagents). */
  turns: number;
  toolCalls: ToolCall[];
  /** Task/Agent calls and `task_started` events: each starts a subagent. */
  subagentSpawns: number;
  /** The text of the last assistant message or of the result. */
  finalText: string;
  result: ResultSummary | null;
  /** stderr said `[claude-code:unrecognized_model]`: Claude Code assumes a 1M-token window. */
  unrecognizedModel: boolean;
  /** Lines that were not JSON, and API errors. */
  errors: string[];
}

/** Tool names that start a subagent (Task before 2.1, Agent since). */
export const SUBAGENT_TOOLS = new Set(['Task', 'Agent']);

const numberOrNull = (value: unknown): number | null => (typeof value === 'number' ? value : null);

function toolResultText(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((block) => (isObject(block) && typeof block.text === 'string' ? block.text : ''))
    .join('');
}

function textOf(content: unknown[]): string {
  return content
    .map((block) => (isObject(block) && block.type === 'text' && typeof block.text === 'string' ? block.text : ''))
    .join('');
}

export function emptyTranscript(): StreamTranscript {
  return {
    model: null,
    toolsAvailable: [],
    turns: 0,
    toolCalls: [],
    subagentSpawns: 0,
    finalText: '',
    result: null,
    unrecognizedModel: false,
    errors: [],
  };
}

/** Folds one parsed event into the transcript (also used live, line by line, to enforce budgets). */
export function applyEvent(transcript: StreamTranscript, event: Json): void {
  const fromSubagent = typeof event.parent_tool_use_id === 'string';
  if (event.type === 'system' && event.subtype === 'init') {
    transcript.model = typeof event.model === 'string' ? event.model : null;
    transcript.toolsAvailable = asArray(event.tools).filter((tool): tool is string => typeof tool === 'string');
  } else if (event.type === 'system' && event.subtype === 'task_started') {
    transcript.subagentSpawns++;
  } else if (event.type === 'assistant' && isObject(event.message)) {
    const content = asArray(event.message.content);
    if (!fromSubagent) transcript.turns++;
    for (const block of content) {
      if (isObject(block) && block.type === 'tool_use') {
        transcript.toolCalls.push({ id: String(block.id ?? ''), name: String(block.name ?? ''), input: block.input });
      }
    }
    const text = textOf(content);
    if (text && !fromSubagent) transcript.finalText = text;
  } else if (event.type === 'user' && isObject(event.message)) {
    for (const block of asArray(event.message.content)) {
      if (!isObject(block) || block.type !== 'tool_result' || block.is_error !== true) continue;
      const call = transcript.toolCalls.find((candidate) => candidate.id === block.tool_use_id);
      if (!call) continue;
      call.error = toolResultText(block.content);
      call.invalidInput = /InputValidationError|invalid input|<tool_use_error>.*(required|expected)/is.test(call.error);
    }
  } else if (event.type === 'result') {
    transcript.result = {
      subtype: String(event.subtype ?? ''),
      isError: event.is_error === true,
      numTurns: numberOrNull(event.num_turns),
      costUsd: numberOrNull(event.total_cost_usd),
      text: typeof event.result === 'string' ? event.result : '',
      terminalReason: typeof event.terminal_reason === 'string' ? event.terminal_reason : null,
      apiErrorStatus: numberOrNull(event.api_error_status),
    };
    if (transcript.result.text) transcript.finalText = transcript.result.text;
    if (transcript.result.apiErrorStatus !== null)
      transcript.errors.push(`API error ${transcript.result.apiErrorStatus}: ${transcript.result.text}`);
  }
}

/** Task/Agent tool calls seen; `task_started` events may lag behind or be missing when killed. */
export function subagentCount(transcript: StreamTranscript): number {
  const calls = transcript.toolCalls.filter((call) => SUBAGENT_TOOLS.has(call.name)).length;
  return Math.max(calls, transcript.subagentSpawns);
}

/** Applies one line of stdout; a line that is not JSON is kept as an error. */
export function applyLine(transcript: StreamTranscript, line: string): void {
  const trimmed = line.trim();
  if (!trimmed) return;
  try {
    const event: unknown = JSON.parse(trimmed);
    if (isObject(event)) applyEvent(transcript, event);
  } catch {
    transcript.errors.push(`not JSON: ${trimmed.slice(0, 200)}`);
  }
}

/** Applies stderr: the unrecognized-model notice, and anything else as an error line. */
export function applyStderr(transcript: StreamTranscript, stderr: string): void {
  for (const line of stderr.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    if (trimmed.includes('[claude-code:unrecognized_model]')) transcript.unrecognizedModel = true;
    else transcript.errors.push(trimmed.slice(0, 300));
  }
}

export function parseStreamJson(stdout: string, stderr = ''): StreamTranscript {
  const transcript = emptyTranscript();
  for (const line of stdout.split('\n')) applyLine(transcript, line);
  applyStderr(transcript, stderr);
  return transcript;
}

export function invalidToolCalls(transcript: StreamTranscript): ToolCall[] {
  return transcript.toolCalls.filter((call) => call.invalidInput === true);
}
