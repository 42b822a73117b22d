import { describe, expect, it } from 'vitest';
import { answerMarkdown, answerOf } from '../../src/report/answer.js';
import { record, runOf } from '../helpers/run-fixtures.js';

const toolUse = (model: string, value: number, status: 'pass' | 'warn' | 'fail') =>
  record({ model, suite: 'tool-use', metric: 'tool_use_score', value, status });
const decode = (model: string, value: number) =>
  record({ model, suite: 'throughput', metric: 'decode_tps', value, status: 'pass' });
const served = (model: string, value: number, status: 'pass' | 'warn') =>
  record({ model, suite: 'context', metric: 'server_context_tokens', value, status });

describe('answerOf', () => {
  it('recommends the model whose tools work, at the context the launch sets, and never one whose tools fail', () => {
    const run = runOf([
      toolUse('fast-but-no-tools', 0.2, 'fail'),
      decode('fast-but-no-tools', 200),
      toolUse('coder', 0.95, 'pass'),
      decode('coder', 40),
      served('coder', 32768, 'warn'),
    ]);
    const answer = answerOf(run, '/out');
    expect(answer.models.map((m) => [m.model, m.verdict])).toEqual([
      ['fast-but-no-tools', 'fail'],
      ['coder', 'warn'],
    ]);
    expect(answer.recommendation).toMatchObject({ model: 'coder', contextTokens: 65536 });
    expect(answer.recommendation!.why).toContain('raise it to 65536');
    // One rule for every setting: Claude Code's window never exceeds the context the server is told to serve.
    expect(Number(answer.recommendation!.launch.env.CLAUDE_CODE_MAX_CONTEXT_TOKENS)).toBeLessThanOrEqual(
      answer.recommendation!.contextTokens,
    );
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
    expect(answerOf(run, '/out')).toMatchObject({
      recommendation: null,
      missing: expect.stringMatching(/interrupted/),
    });
  });

  it("gives llama-server's own launch on a llama-server run", () => {
    const run = runOf([toolUse('tiny', 0.95, 'pass'), served('tiny', 4096, 'warn')]);
    run.environment.server = { backend: 'llama-server', url: 'http://127.0.0.1:8080', version: 'b1' };
    const rec = answerOf(run, '/out').recommendation!;
    expect(rec.launch.serverCommand).toBe('llama-server -m tiny.gguf -a tiny -c 65536 -np 1 --jinja');
    expect(rec.launch.env.ANTHROPIC_BASE_URL).toMatch(/:8080$/);
    expect(JSON.stringify(rec)).not.toContain('OLLAMA_CONTEXT_LENGTH');
  });
});

describe('the verdict with the launch settings', () => {
  const fits = (model: string) =>
    record({ model, suite: 'context', metric: 'claude_code_prompt_fits', value: 'no', status: 'fail' });
  const overflow = (model: string, value: string) =>
    record({ model, suite: 'context', metric: 'overflow_behavior', value, status: 'warn' });
  const effective = (model: string, value: number) =>
    record({
      model,
      suite: 'context',
      metric: 'effective_context_tokens',
      value,
      unit: 'tokens',
      status: value >= 65536 ? 'pass' : 'warn',
    });
  const vram = (model: string, value: number) =>
    record({ model, suite: 'memory', metric: 'max_context_in_vram', value, unit: 'tokens', status: 'pass' });

  it('a short server default and a silent cut are settled by the launch, and say what they mean; the winner is not ⚠️ forever', () => {
    const run = runOf([
      toolUse('coder', 0.95, 'pass'),
      served('coder', 32768, 'warn'),
      fits('coder'),
      overflow('coder', 'truncates_silently'),
      effective('coder', 131072),
    ]);
    const answer = answerOf(run, '/out');
    const coder = answer.models[0];
    expect(coder.verdict).toBe('fail');
    expect(coder.verdictWithLaunch).toBe('pass');
    expect(coder.settled.map((s) => s.metric)).toEqual([
      'server_context_tokens',
      'claude_code_prompt_fits',
      'overflow_behavior',
    ]);
    expect(coder.settled.find((s) => s.metric === 'overflow_behavior')!.meaning).toMatch(
      /inherent.*CLAUDE_CODE_MAX_CONTEXT_TOKENS=65536/,
    );
    // The advice does not repeat the fix just applied: the answer shows the settled meaning instead.
    expect(answerMarkdown(answer)).toContain('Verdict: ✅ pass with the settings below (❌ fail as served now)');
  });

  it('what the settings cannot fix still counts (a slow decode, an effective context below 64K)', () => {
    const run = runOf([
      toolUse('coder', 0.95, 'pass'),
      served('coder', 32768, 'warn'),
      effective('coder', 16384),
      record({ model: 'coder', suite: 'throughput', metric: 'decode_tps', value: 5, status: 'fail' }),
    ]);
    const coder = answerOf(run, '/out').models[0];
    expect(coder.verdictWithLaunch).toBe('fail');
  });

  it("serves the largest context the model uses that fits in VRAM, and Claude Code's window never exceeds it", () => {
    const run = runOf([
      toolUse('coder', 0.95, 'pass'),
      served('coder', 32768, 'warn'),
      effective('coder', 131072),
      vram('coder', 98304),
    ]);
    const rec = answerOf(run, '/out').recommendation!;
    expect(rec.contextTokens).toBe(98304);
    expect(rec.launch.serverCommand).toBe('OLLAMA_CONTEXT_LENGTH=98304 ollama serve');
    expect(Number(rec.launch.env.CLAUDE_CODE_MAX_CONTEXT_TOKENS)).toBe(98304);
  });

  it('leaves a server that already serves enough alone', () => {
    const run = runOf([
      toolUse('coder', 0.95, 'pass'),
      served('coder', 65536, 'pass'),
      effective('coder', 131072),
      vram('coder', 131072),
    ]);
    const rec = answerOf(run, '/out').recommendation!;
    expect(rec).toMatchObject({ contextTokens: 65536, launch: { serverCommand: null } });
  });

  it('harness metrics (prediction accuracy) never make a model warn', () => {
    const run = runOf([
      toolUse('coder', 0.95, 'pass'),
      record({
        model: 'coder',
        suite: 'memory',
        metric: 'prediction_error',
        value: 1.4,
        unit: 'ratio',
        status: 'warn',
      }),
    ]);
    expect(answerOf(run, '/out').models[0]).toMatchObject({ verdict: 'pass', suites: { memory: 'skip' } });
  });
});
