// The session suite against the simulator over real HTTP: the recorded Claude Code traces replayed
// turn by turn. On llama-server (which reports usage.cache_read_input_tokens) a competent model's
// cache serves nearly every prompt token; sim-nocache's never hits, so the reuse fails and the
// prefix breaks at turn 2 on the server side. On Ollama (no cache counts) the reuse is estimated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectingContext } from '../../src/run/context.js';
import type { BackendId } from '../../src/servers/types.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';
import type { ResultRecord } from '../../src/types.js';
import { sessionSuite } from '../../suites/session/index.js';
import { MAX_TOKENS_PER_TURN } from '../../suites/session/replay.js';

let llama: RunningSimulator;
let ollama: RunningSimulator;
beforeAll(async () => {
  llama = await startSimulator({ port: 0, backend: 'llama-server', contextLength: 32768 });
  ollama = await startSimulator({ port: 0, contextLength: 32768 });
});
afterAll(async () => {
  await llama?.close();
  await ollama?.close();
});

async function runSuite(model: string, sim: RunningSimulator, backend: BackendId): Promise<ResultRecord[]> {
  const { ctx, records } = collectingContext({ model, suite: 'session', host: sim.url, backend });
  await sessionSuite.run(ctx);
  return records;
}

const recordNamed = (records: ResultRecord[], metric: string) => records.find((r) => r.metric === metric);

describe('session suite against the simulator', () => {
  it('replays every recorded request as Claude Code sent it, with the model swapped and generation capped', async () => {
    const before = llama.requests.length;
    await runSuite('sim-good', llama, 'llama-server');
    const sent = llama.requests
      .slice(before)
      .filter((r) => r.path === '/v1/messages' && Array.isArray((r.body as { tools?: unknown })?.tools));
    expect(sent.length).toBe(22);
    for (const request of sent) {
      expect(request.query).toBe('beta=true');
      expect(request.headers['user-agent']).toMatch(/^claude-cli\/2\.1\.332/);
      expect(request.headers['anthropic-beta']).toContain('claude-code-20250219');
      const body = request.body as Record<string, unknown>;
      expect(body).toMatchObject({ model: 'sim-good', stream: true, max_tokens: MAX_TOKENS_PER_TURN });
      expect((body.tools as unknown[]).length).toBe(12);
    }
  });

  it('sim-good on llama-server: the cache serves the session, no break, every figure measured', async () => {
    const records = await runSuite('sim-good', llama, 'llama-server');
    for (const suffix of ['', '.cache_settings']) {
      const reuse = recordNamed(records, `session_cache_reuse${suffix}`)!;
      expect(reuse.status).toBe('pass');
      expect(reuse.value as number).toBeGreaterThan(0.95);
      expect(recordNamed(records, `session_prefix_break_turn${suffix}`)).toMatchObject({ value: null, status: 'pass' });
      expect(recordNamed(records, `session_prefix_break_reason${suffix}`)).toMatchObject({ value: 'none' });
      for (const turn of [1, 5, 10])
        expect(recordNamed(records, `session_ttft_ms@turn${turn}${suffix}`)?.value).toBeGreaterThan(0);
      expect(recordNamed(records, `session_seconds_per_turn${suffix}`)?.status).toBe('pass');
      expect(recordNamed(records, `session_minutes_30_turns${suffix}`)?.value).toBeGreaterThan(0);
    }
    const turns = recordNamed(records, 'session_turns')!.data!.turns as {
      cachedTokens: number;
      promptTokens: number;
    }[];
    expect(turns).toHaveLength(11);
    // Four slots (llama-server's default): the slot the first test's replay left still holds turn 1's prompt.
    expect(turns[0].cachedTokens / turns[0].promptTokens).toBeGreaterThan(0.95);
    expect(turns[5].cachedTokens / turns[5].promptTokens).toBeGreaterThan(0.95);
    expect(recordNamed(records, 'session_speedup')?.status).toBe('pass');
  });

  it('sim-nocache on llama-server: low reuse, a break at turn 2 on the server side, the server fix advised', async () => {
    const records = await runSuite('sim-nocache', llama, 'llama-server');
    const reuse = recordNamed(records, 'session_cache_reuse')!;
    expect(reuse).toMatchObject({ value: 0, status: 'fail' });
    expect(reuse.advice).toContain('-np 1');
    expect(recordNamed(records, 'session_prefix_break_turn')).toMatchObject({ value: 2, status: 'warn' });
    expect(String(recordNamed(records, 'session_prefix_break_reason')?.value)).toContain('served 0 of the');
    expect(recordNamed(records, 'session_cache_reuse.cache_settings')?.status).toBe('fail');
  });

  it('on Ollama the reuse is an estimate from prefill time, and still tells the two models apart', async () => {
    const good = recordNamed(await runSuite('sim-good', ollama, 'ollama'), 'session_cache_reuse')!;
    const none = recordNamed(await runSuite('sim-nocache', ollama, 'ollama'), 'session_cache_reuse')!;
    expect(good.data?.cacheSource).toBe('estimate');
    expect(good.detail).toContain('estimated');
    expect(none.value as number).toBeLessThan(0.3);
    expect(good.value as number).toBeGreaterThan(none.value as number);
  });

  it('another Claude Code version needs fresh traces: without Docker, one error that says so and nothing replayed', async () => {
    const { ctx, records } = collectingContext({
      model: 'sim-good',
      suite: 'session',
      host: llama.url,
      backend: 'llama-server',
      options: { claudeCodeVersion: '2.1.400' },
    });
    const before = llama.requests.length;
    const noDocker = { available: false, version: null, detail: 'docker: command not found' };
    const hardware = { ...(ctx.environment.hardware as object), docker: noDocker } as never;
    await sessionSuite.run({ ...ctx, environment: { ...ctx.environment, hardware } });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ metric: 'session_traces', value: '2.1.400', status: 'error' });
    expect(records[0].detail).toContain('needs Docker: docker: command not found');
    expect(llama.requests.length).toBe(before);
  });

  it('an unknown model: every turn errors, no figure is scored', async () => {
    const records = await runSuite('sim-missing', ollama, 'ollama');
    expect(recordNamed(records, 'session_cache_reuse')?.status).toBe('error');
    expect(recordNamed(records, 'session_ttft_ms@turn1')?.status).toBe('error');
    expect(recordNamed(records, 'session_ttft_ms@turn1')?.detail).toContain('HTTP');
  });
});
