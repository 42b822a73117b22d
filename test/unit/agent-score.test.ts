import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/agent/findings.js';
import { emptyTranscript, type StreamTranscript } from '../../src/agent/stream-json.js';
import { scoreTask, type ScoreInput } from '../../suites/agent/score.js';

const budgets = { wallSeconds: 60, maxTurns: 5, maxSubagents: 2 };
const failedVerify = { passed: false, detail: 'hello.txt does not exist' };

function input(overrides: Partial<ScoreInput> & { transcript?: Partial<StreamTranscript> } = {}): ScoreInput {
  return {
    verify: failedVerify,
    stoppedBy: null,
    findings: [],
    budgets,
    subagents: 0,
    ...overrides,
    transcript: { ...emptyTranscript(), ...overrides.transcript },
  };
}

const overflow: Finding = {
  name: 'context_overflow',
  severity: 'fail',
  count: 1,
  detail: '1 request larger than 4096',
  advice: '',
};

describe('scoreTask', () => {
  it('passes when the verifier passes and no budget was broken', () => {
    expect(scoreTask(input({ verify: { passed: true, detail: 'ok' } }))).toMatchObject({ passed: true, failure: null });
  });

  it('a budget kill fails the task even if the workspace looks right', () => {
    const score = scoreTask(
      input({ verify: { passed: true, detail: 'ok' }, stoppedBy: 'runaway_subagents', subagents: 5 }),
    );
    expect(score).toMatchObject({ passed: false, failure: 'runaway_subagents' });
    expect(score.detail).toContain('5');
  });

  it.each([
    ['timeout', 'timeout'],
    ['turn_budget', 'timeout'],
  ] as const)('stoppedBy %s → %s', (stoppedBy, failure) => {
    expect(scoreTask(input({ stoppedBy })).failure).toBe(failure);
  });

  it('an interrupted run is no verdict', () => {
    expect(scoreTask(input({ stoppedBy: 'aborted' })).failure).toBe('interrupted');
  });

  it('names context overflow before the symptoms it causes', () => {
    expect(scoreTask(input({ findings: [overflow] })).failure).toBe('context_overflow');
  });

  it('names an API error', () => {
    const result = {
      subtype: 'success',
      isError: true,
      numTurns: 1,
      costUsd: 0,
      text: 'API Error: 400 does not support tools',
      terminalReason: 'api_error',
      apiErrorStatus: 400,
    };
    expect(scoreTask(input({ transcript: { result } })).failure).toBe('api_error');
  });

  it('names a text answer without tool calls, and says when it was a tool call written as text', () => {
    const score = scoreTask(
      input({ transcript: { finalText: '<tool_call>{"name":"Write","arguments":{}}</tool_call>' } }),
    );
    expect(score.failure).toBe('no_tool_calls');
    expect(score.detail).toContain('as text');
  });

  it('names invalid tool input when Claude Code refused a call', () => {
    const toolCalls = [
      { id: 't1', name: 'Write', input: {}, error: 'InputValidationError: content missing', invalidInput: true },
    ];
    expect(scoreTask(input({ transcript: { toolCalls } })).failure).toBe('invalid_tool_input');
  });

  it('falls back to verifier_failed when tools were called fine but the result is wrong', () => {
    const toolCalls = [{ id: 't1', name: 'Write', input: { file_path: '/workspace/other.txt', content: 'x' } }];
    expect(scoreTask(input({ transcript: { toolCalls } }))).toMatchObject({
      failure: 'verifier_failed',
      detail: failedVerify.detail,
    });
  });
});
