import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ignoredFields, requestSummary, type ExchangeLog } from '../../src/agent/exchange.js';
import { findingsOf } from '../../src/agent/findings.js';
import { redactRequestBody, redactRequestHeaders } from '../../src/agent/recording.js';

const firstRequest = JSON.parse(
  readFileSync(new URL('../fixtures/claude-code/first-request.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

function log(overrides: Partial<ExchangeLog>): ExchangeLog {
  return {
    index: 0,
    method: 'POST',
    path: '/v1/messages?beta=true',
    startedAt: '',
    model: 'qwen3:8b',
    stream: true,
    requestChars: 0,
    estimatedTokens: 1000,
    inputTokens: null,
    toolsOffered: [],
    toolCalls: [],
    stopReason: 'end_turn',
    status: 200,
    error: null,
    ignoredFields: [],
    firstByteMs: 1,
    totalMs: 2,
    ...overrides,
  };
}

describe("requestSummary of Claude Code's real first request", () => {
  const summary = requestSummary(firstRequest, { 'anthropic-beta': 'claude-code-20250219' });
  it('lists the tools offered and the model', () => {
    const names = (firstRequest.tools as { name: string }[]).map((tool) => tool.name);
    expect(summary.toolsOffered).toEqual(names);
    expect(summary.model).toBe(firstRequest.model);
    expect(summary.stream).toBe(true);
  });
  it('estimates its size at chars/4 of system, messages and tools', () => {
    const chars =
      JSON.stringify(firstRequest.system).length +
      JSON.stringify(firstRequest.messages).length +
      JSON.stringify(firstRequest.tools).length;
    expect(summary.estimatedTokens).toBe(Math.ceil(chars / 4));
    expect(summary.estimatedTokens).toBeGreaterThan(8000);
  });
  it('names the fields Ollama does not act on', () => {
    expect(summary.ignoredFields).toEqual(
      expect.arrayContaining(['thinking.type=adaptive', 'context_management', 'anthropic-beta']),
    );
  });
});

describe('ignoredFields', () => {
  it('thinking enabled/disabled is acted on; no tools, no beta header → nothing ignored', () => {
    expect(ignoredFields({ thinking: { type: 'enabled' } }, {})).toEqual([]);
    expect(ignoredFields({ thinking: { type: 'disabled' } }, {})).toEqual([]);
  });
});

describe('findingsOf', () => {
  const input = { model: 'qwen3:8b', serverContextTokens: 4096 };

  it('finds side requests naming Claude models the server lacks, with the env fix', () => {
    const findings = findingsOf(
      [log({}), log({ model: 'claude-haiku-4-5', status: 404, error: 'HTTP 404: model not found' })],
      input,
    );
    const side = findings.find((finding) => finding.name === 'unknown_model_side_requests');
    expect(side).toMatchObject({ severity: 'fail', count: 1 });
    expect(side?.advice).toContain('ANTHROPIC_DEFAULT_HAIKU_MODEL');
    expect(side?.advice).toContain('CLAUDE_CODE_SUBAGENT_MODEL');
    expect(findings.some((finding) => finding.name === 'server_errors')).toBe(false);
  });

  it('finds requests over the server context, by estimate even when the server reports a truncated count', () => {
    const findings = findingsOf([log({ estimatedTokens: 12_000, inputTokens: 4000 })], input);
    const overflow = findings.find((finding) => finding.name === 'context_overflow');
    expect(overflow?.advice).toContain('OLLAMA_CONTEXT_LENGTH');
    expect(overflow?.advice).toContain('CLAUDE_CODE_MAX_CONTEXT_TOKENS');
  });

  it('no overflow under the context; unknown context → only a server refusal counts', () => {
    expect(findingsOf([log({ estimatedTokens: 3000 })], input)).toEqual([]);
    expect(findingsOf([log({ estimatedTokens: 99_000 })], { ...input, serverContextTokens: null })).toEqual([]);
    const refused = log({
      status: 400,
      error: 'HTTP 400: the prompt is longer than the context length currently available to the model',
    });
    expect(findingsOf([refused], { ...input, serverContextTokens: null }).map((finding) => finding.name)).toEqual([
      'context_overflow',
    ]);
  });

  it('reports ignored fields as info and other failures as server errors', () => {
    const findings = findingsOf(
      [log({ ignoredFields: ['context_management'] }), log({ status: 500, error: 'HTTP 500: boom' })],
      input,
    );
    expect(findings.find((finding) => finding.name === 'ignored_request_fields')?.severity).toBe('info');
    expect(findings.find((finding) => finding.name === 'server_errors')?.detail).toContain('boom');
  });
});

describe('recording redaction', () => {
  it('masks credentials and drops session identifiers', () => {
    const headers = redactRequestHeaders({
      authorization: 'Bearer ollama',
      'x-api-key': 'sk-ant-abcdefghijklmnop',
      'x-claude-code-session-id': 'abc',
      'user-agent': 'claude-cli/2.1.332',
    });
    expect(headers.authorization).not.toContain('ollama');
    expect(headers['x-api-key']).not.toContain('sk-ant');
    expect(headers['x-claude-code-session-id']).toBeUndefined();
    expect(headers['user-agent']).toBe('claude-cli/2.1.332');
    const body = redactRequestBody({ model: 'm', metadata: { user_id: '{"device_id":"d6a1"}' } }) as {
      metadata: { user_id: string };
    };
    expect(body.metadata.user_id).not.toContain('d6a1');
  });
});
