import { describe, expect, it } from 'vitest';
import { answerMarkdown, answerOf } from '../../src/report/answer.js';
import { record, runOf } from '../helpers/run-fixtures.js';

const toolUse = (model: string, value: number, status: 'pass' | 'warn' | 'fail') => record({ model, suite: 'tool-use', metric: 'tool_use_score', value, status });
const decode = (model: string, value: number) => record({ model, suite: 'throughput', metric: 'decode_tps', value, status: 'pass' });
const served = (model: string, value: number, status: 'pass' | 'warn') => record({ model, suite: 'context', metric: 'server_context_tokens', value, status });

describe('answerOf', () => {
  it('recommends the model whose tools work, at the context the launch sets, and never one whose tools fail', () => {
    const run = runOf([toolUse('fast-but-no-tools', 0.2, 'fail'), decode('fast-but-no-tools', 200), toolUse('coder', 0.95, 'pass'), decode('coder', 40), served('coder', 32768, 'warn')]);
    const answer = answerOf(run, '/out');
    expect(answer.models.map((m) => [m.model, m.verdict])).toEqual([['fast-but-no-tools', 'fail'], ['coder', 'warn']]);
    expect(answer.recommendation).toMatchObject({ model: 'coder', contextTokens: 65536 });
    expect(answer.recommendation!.why).toContain('raise it to 65536');
    // One rule for every setting: Claude Code's window never exceeds the context the server is told to serve.
    expect(Number(answer.recommendation!.launch.env.CLAUDE_CODE_MAX_CONTEXT_TOKENS)).toBeLessThanOrEqual(answer.recommendation!.contextTokens);
    expect(answer.recommendation!.launch.serverCommand).toBe('OLLAMA_CONTEXT_LENGTH=65536 ollama serve');
    expect(answer.recommendation!.launch.dockerRun).toContain('claude-code-bench/claude-code:');
    expect(answerMarkdown(answer)).toMatch(/^## The answer\n\n\*\*Use `coder` at 65536 tokens of context\*\*/);
  });

  it('says what is missing when no model qualifies', () => {
    const answer = answerOf(runOf([toolUse('a', 0.1, 'fail')]), '/out');
    expect(answer.recommendation).toBeNull();
    expect(answer.missing).toMatch(/tool calls/);
    expect(answerOf(runOf([decode('a', 50)]), '/out').missing).toMatch(/tool-use suite did not run/);
  });

  it('recommends nothing from an interrupted run', () => {
    const run = runOf([toolUse('coder', 0.95, 'pass')]);
    run.environment.interrupted = true;
    expect(answerOf(run, '/out')).toMatchObject({ recommendation: null, missing: expect.stringMatching(/interrupted/) });
  });

  it('gives llama-server\'s own launch on a llama-server run', () => {
    const run = runOf([toolUse('tiny', 0.95, 'pass'), served('tiny', 4096, 'warn')]);
    run.environment.server = { backend: 'llama-server', url: 'http://127.0.0.1:8080', version: 'b1' };
    const rec = answerOf(run, '/out').recommendation!;
    expect(rec.launch.serverCommand).toBe('llama-server -m tiny.gguf -a tiny -c 65536 -np 1 --jinja');
    expect(rec.launch.env.ANTHROPIC_BASE_URL).toMatch(/:8080$/);
    expect(JSON.stringify(rec)).not.toContain('OLLAMA_CONTEXT_LENGTH');
  });
});
