// Every failure mode of the tool-use scorer, from recorded-looking Ollama /v1/messages replies served
// over HTTP and run through the suite's own request → observe → score path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectingContext } from '../../src/run/context.js';
import { runProbes } from '../../suites/tool-use/index.js';
import { PROBES } from '../../suites/tool-use/probes.js';
import { scoreProbe } from '../../suites/tool-use/scorer.js';
import type { ObservedReply, Probe, ProbeScore } from '../../suites/tool-use/types.js';
import { loadFixture, startReplay, type ReplayServer } from '../fixtures/tool-use/replay.js';

let replay: ReplayServer;
beforeAll(async () => {
  replay = await startReplay();
});
afterAll(() => replay.close());

function probeById(id: string): Probe {
  const probe = PROBES.find((candidate) => candidate.id === id);
  if (!probe) throw new Error(`no probe ${id}`);
  return probe;
}

/** Serves the fixture, runs the probe through the suite, returns its score. */
async function scoreWith(probeId: string, fixture: string): Promise<ProbeScore> {
  replay.serve(loadFixture(fixture));
  const { ctx } = collectingContext({
    model: 'recorded',
    suite: 'tool-use',
    host: replay.url,
    options: { timeoutMs: 5_000 },
  });
  const [scored] = await runProbes(ctx, [probeById(probeId)]);
  return scored.score;
}

describe('replies that pass', () => {
  it.each([
    ['simple-read', 'good-read'],
    ['simple-bash', 'thinking-then-bash'], // thinking block ignored, whitespace in the command normalised
    ['parallel-two-reads', 'parallel-both'],
    ['multi-turn-command-error', 'error-reported'],
    ['multi-turn-use-result', 'result-used'],
    ['irrelevance-arithmetic', 'irrelevance-answered'],
    ['streaming-read', 'stream-good-read'],
    ['streaming-read', 'stream-good-read-pieces'],
    ['streaming-text', 'stream-text-answer'],
  ])('%s with %s', async (probe, fixture) => {
    expect(await scoreWith(probe, fixture)).toEqual({ passed: true, measured: true, failure: null, reason: '' });
  });
});

describe('failure modes', () => {
  it.each([
    ['simple-read', 'qwen-tool-call-as-text', 'tool_call_as_text'],
    ['simple-bash', 'llama-python-tag', 'tool_call_as_text'],
    ['simple-read', 'llama-bare-json', 'tool_call_as_text'],
    ['simple-read', 'fenced-json', 'tool_call_as_text'],
    ['streaming-read', 'stream-qwen-text-tool-call', 'tool_call_as_text'],
    ['simple-read', 'prose-instead-of-call', 'no_tool_call'],
    ['streaming-read', 'stream-bad-json', 'invalid_json'],
    ['simple-read', 'read-wrong-field', 'schema_violation'],
    ['simple-plan', 'todo-missing-nested-field', 'schema_violation'],
    ['choose-read', 'bash-cat-instead-of-read', 'wrong_tool'],
    ['simple-read', 'bash-cat-instead-of-read', 'wrong_tool'], // Bash was not even offered
    ['simple-read', 'read-relative-path', 'wrong_args'],
    ['parallel-two-reads', 'parallel-one-of-two', 'missing_call'],
    ['simple-bash', 'extra-call', 'unexpected_call'],
    ['irrelevance-arithmetic', 'irrelevance-called-tool', 'unexpected_call'],
    ['streaming-read', 'stream-cut', 'stream_malformed'],
    ['streaming-read', 'stream-end-turn-after-tool', 'stream_malformed'],
    ['multi-turn-command-error', 'error-ignored', 'ignored_result'],
    ['simple-read', 'no-tools-400', 'http_error'],
  ])('%s with %s → %s', async (probe, fixture, failure) => {
    const score = await scoreWith(probe, fixture);
    expect(score.passed).toBe(false);
    expect(score.failure).toBe(failure);
    expect(score.reason.length).toBeGreaterThan(0);
  });

  it("keeps the server's reason for an HTTP error", async () => {
    const score = await scoreWith('simple-read', 'no-tools-400');
    expect(score.reason).toContain('400');
    expect(score.reason).toContain('does not support tools');
  });

  it('names the argument that differs', async () => {
    const score = await scoreWith('simple-read', 'read-relative-path');
    expect(score.reason).toContain('file_path');
    expect(score.reason).toContain('src/config.ts');
  });

  it('names the schema rule broken', async () => {
    const score = await scoreWith('simple-plan', 'todo-missing-nested-field');
    expect(score.reason).toMatch(/activeForm/);
  });
});

describe('requests', () => {
  it('send the probe as Claude Code would: tools with input_schema, stream flag, messages', async () => {
    await scoreWith('streaming-read', 'stream-good-read');
    const body = replay.requests.at(-1) as {
      stream: boolean;
      tools: Array<{ name: string; input_schema: unknown }>;
      messages: unknown[];
      model: string;
    };
    expect(body.stream).toBe(true);
    expect(body.model).toBe('recorded');
    expect(body.tools.map((tool) => tool.name)).toContain('Read');
    expect(body.tools.every((tool) => typeof tool.input_schema === 'object')).toBe(true);
    expect(body.messages).toEqual(probeById('streaming-read').messages);
  });

  it('carry the prior tool_use and the is_error tool_result in multi-turn probes', async () => {
    await scoreWith('multi-turn-command-error', 'error-reported');
    const body = replay.requests.at(-1) as { messages: Array<{ role: string; content: unknown }> };
    expect(body.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(JSON.stringify(body.messages[2].content)).toContain('"is_error":true');
  });
});

describe('scoreProbe without a server', () => {
  const reply = (blocks: ObservedReply['blocks'], extra: Partial<ObservedReply> = {}): ObservedReply => ({
    blocks,
    stopReason: 'tool_use',
    streamed: false,
    complete: true,
    ...extra,
  });

  it('takes any acceptable outcome: repairing the failed command also passes', () => {
    const probe = probeById('multi-turn-command-error');
    const score = scoreProbe(probe, {
      ok: true,
      reply: reply([{ type: 'tool_use', name: 'Bash', input: { command: 'npm install' }, rawJson: null }]),
    });
    expect(score.passed).toBe(true);
  });

  it('names failures against the first outcome when none is met', () => {
    const probe = probeById('multi-turn-command-error');
    const score = scoreProbe(probe, {
      ok: true,
      reply: reply([
        { type: 'tool_use', name: 'Read', input: { file_path: '/home/dev/app/package.json' }, rawJson: null },
      ]),
    });
    expect(score.failure).toBe('unexpected_call');
  });

  it('accepts a cd prefix and normalises paths', () => {
    const bash = scoreProbe(probeById('simple-bash'), {
      ok: true,
      reply: reply([
        { type: 'tool_use', name: 'Bash', input: { command: 'cd /home/dev/app && npm test' }, rawJson: null },
      ]),
    });
    const read = scoreProbe(probeById('simple-read'), {
      ok: true,
      reply: reply([
        { type: 'tool_use', name: 'Read', input: { file_path: '/home/dev//app/src/./config.ts' }, rawJson: null },
      ]),
    });
    expect(bash.passed).toBe(true);
    expect(read.passed).toBe(true);
  });

  it('treats a tool input that is JSON but not an object as invalid_json', () => {
    const score = scoreProbe(probeById('streaming-read'), {
      ok: true,
      reply: reply([{ type: 'tool_use', name: 'Read', input: undefined, rawJson: '"/home/dev/app/src/index.ts"' }], {
        streamed: true,
      }),
    });
    expect(score.failure).toBe('invalid_json');
  });

  it('reports an empty text answer where a call was due as no_tool_call', () => {
    const score = scoreProbe(probeById('simple-read'), { ok: true, reply: reply([], { stopReason: 'end_turn' }) });
    expect(score.failure).toBe('no_tool_call');
  });
});
