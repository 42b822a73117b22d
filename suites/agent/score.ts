// Pure scoring of one agent task: passed, or the one named reason it failed, from the verifier,
// the harness's budget kills, Claude Code's transcript and the proxy's findings.
import type { Finding } from '../../src/agent/findings.js';
import type { StopReason } from '../../src/agent/session.js';
import { invalidToolCalls, type StreamTranscript } from '../../src/agent/stream-json.js';
import type { VerifyResult } from './task.js';

export type FailureName =
  | 'runaway_subagents'
  | 'timeout'
  | 'context_overflow'
  | 'api_error'
  | 'no_tool_calls'
  | 'invalid_tool_input'
  | 'symlink_in_workspace'
  | 'verifier_failed';

export interface TaskScore {
  passed: boolean;
  /** null when passed; `interrupted` when the run was aborted (then it is no verdict). */
  failure: FailureName | 'interrupted' | null;
  detail: string;
}

/** One task's outcome, as the suite's records are made from it. */
export interface TaskReport {
  task: string;
  score: TaskScore;
  seconds: number;
  turns: number;
  toolCalls: string[];
  invalidToolCalls: number;
  subagents: number;
  findings: Finding[];
  recordingFile: string | null;
}

export interface ScoreInput {
  verify: VerifyResult;
  stoppedBy: StopReason | null;
  transcript: StreamTranscript;
  findings: readonly Finding[];
  budgets: { wallSeconds: number; maxTurns: number; maxSubagents: number };
  subagents: number;
}

/** Claude Code's own ends for a context it cannot work in: compaction every turn, or no compaction and no room. */
const CONTEXT_GAVE_UP = /autocompact is thrashing|prompt is too long/i;

/** First match wins: a budget kill explains everything after it; an API error explains missing tool calls. */
export function scoreTask(input: ScoreInput): TaskScore {
  const { transcript, budgets } = input;
  if (input.stoppedBy === 'aborted')
    return { passed: false, failure: 'interrupted', detail: 'the run was interrupted' };
  if (input.stoppedBy === 'runaway_subagents') {
    return {
      passed: false,
      failure: 'runaway_subagents',
      detail: `${input.subagents} subagent spawns (Task/Agent calls), over the budget of ${budgets.maxSubagents}: killed`,
    };
  }
  if (input.stoppedBy === 'timeout')
    return { passed: false, failure: 'timeout', detail: `no end after ${budgets.wallSeconds} s: killed` };
  if (input.stoppedBy === 'turn_budget')
    return { passed: false, failure: 'timeout', detail: `over ${budgets.maxTurns} turns: killed` };
  if (input.verify.passed) return { passed: true, failure: null, detail: input.verify.detail };
  if (input.verify.failure === 'symlink_in_workspace')
    return { passed: false, failure: 'symlink_in_workspace', detail: input.verify.detail };
  if (transcript.result?.subtype === 'error_max_turns')
    return {
      passed: false,
      failure: 'timeout',
      detail: `Claude Code stopped at --max-turns ${budgets.maxTurns}; ${input.verify.detail}`,
    };
  // Claude Code itself stopped for lack of context (its window is known, but too small to compact into).
  const resultText = transcript.result?.text ?? '';
  if (CONTEXT_GAVE_UP.test(resultText))
    return {
      passed: false,
      failure: 'context_overflow',
      detail: `Claude Code stopped: ${JSON.stringify(resultText.slice(0, 160))}; ${input.verify.detail}`,
    };
  const overflow = input.findings.find((finding) => finding.name === 'context_overflow');
  if (overflow)
    return { passed: false, failure: 'context_overflow', detail: `${overflow.detail}; ${input.verify.detail}` };
  if (transcript.result?.apiErrorStatus != null) {
    return {
      passed: false,
      failure: 'api_error',
      detail: `the server answered ${transcript.result.apiErrorStatus}: ${transcript.result.text.slice(0, 200)}`,
    };
  }
  if (transcript.toolCalls.length === 0) {
    const text = transcript.finalText.slice(0, 160);
    const asText = /<tool_call>|"(name|arguments)"\s*:/.test(transcript.finalText)
      ? ' (it wrote a tool call as text)'
      : '';
    return {
      passed: false,
      failure: 'no_tool_calls',
      detail: `the model answered without calling a tool${asText}: ${JSON.stringify(text)}`,
    };
  }
  const invalid = invalidToolCalls(transcript);
  if (invalid.length > 0) {
    return {
      passed: false,
      failure: 'invalid_tool_input',
      detail: `${invalid.length} tool call(s) refused by Claude Code: ${invalid[0].name}: ${(invalid[0].error ?? '').slice(0, 160)}`,
    };
  }
  return { passed: false, failure: 'verifier_failed', detail: input.verify.detail };
}
