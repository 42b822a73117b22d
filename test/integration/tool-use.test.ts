// The tool-use suite against the simulator over real HTTP: a competent model passes every category,
// each defect profile is reported with its own failure mode, and a model without tools fails with
// the server's reason instead of crashing the run. The main simulator runs with the context the
// README recommends (like OLLAMA_CONTEXT_LENGTH=32768); a second one keeps the default of a 16 GiB
// machine (4096), where Claude Code's long first request does not fit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectingContext } from '../../src/run/context.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';
import type { ResultRecord } from '../../src/types.js';
import { toolUseSuite } from '../../suites/tool-use/index.js';
import { CATEGORIES } from '../../suites/tool-use/types.js';

let sim: RunningSimulator;
let smallContextSim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, contextLength: 32768 });
  smallContextSim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim?.close();
  await smallContextSim?.close();
});

async function runSuite(model: string, host = sim.url): Promise<{ records: ResultRecord[]; progress: string[] }> {
  const { ctx, records } = collectingContext({ model, suite: 'tool-use', host });
  const progress: string[] = [];
  await toolUseSuite.run({ ...ctx, progress: (message) => progress.push(message) });
  return { records, progress };
}

const overall = (records: ResultRecord[]) => records.find((record) => record.metric === 'tool_use_score')!;
const failedProbes = (record: ResultRecord) =>
  (record.data?.failedProbes ?? []) as Array<{ id: string; failure: string; reply: string }>;

describe('tool-use suite against the simulator', () => {
  it('sim-good passes every category', async () => {
    const { records, progress } = await runSuite('sim-good');
    expect(records.map((record) => record.metric)).toEqual([
      ...CATEGORIES.map((category) => `tool_use.${category}`),
      'tool_use_score',
    ]);
    for (const record of records) {
      expect(record.status, `${record.metric}: ${record.detail} ${JSON.stringify(failedProbes(record))}`).toBe('pass');
      expect(record.value).toBe(1);
      expect(record.unit).toBe('ratio');
    }
    expect(progress.length).toBe(overall(records).data?.total);
  });

  it('sim-text-tools is reported with tool_call_as_text', async () => {
    const { records } = await runSuite('sim-text-tools');
    const score = overall(records);
    expect(score.status).toBe('fail');
    expect(score.detail).toContain('tool_call_as_text×');
    expect(score.advice).toMatch(/template/);
    const asText = failedProbes(score).filter((probe) => probe.failure === 'tool_call_as_text');
    expect(asText.length).toBeGreaterThan(0);
    expect(asText[0].reply).toContain('<tool_call>');
    // Knowing when not to call a tool is unaffected by how calls are written.
    expect(records.find((record) => record.metric === 'tool_use.irrelevance')?.status).toBe('pass');
  });

  it('sim-bad-json is reported with invalid_json or schema_violation', async () => {
    const { records } = await runSuite('sim-bad-json');
    const score = overall(records);
    expect(score.status).not.toBe('pass');
    expect(score.detail).toMatch(/invalid_json×|schema_violation×/);
    const streaming = records.find((record) => record.metric === 'tool_use.streaming')!;
    expect(streaming.detail).toContain('invalid_json');
  });

  it("sim-no-tools fails with the server's reason, not a crash", async () => {
    const { records } = await runSuite('sim-no-tools');
    const score = overall(records);
    expect(score.status).toBe('fail');
    expect(score.value).toBe(0);
    expect(score.detail).toContain('http_error');
    expect(score.detail).toContain('does not support tools');
    expect(
      records.filter((record) => record.metric.startsWith('tool_use.')).every((record) => record.status === 'fail'),
    ).toBe(true);
  });

  it('sim-good at the default 4096-token context fails only the Claude Code-sized prompts, and says why', async () => {
    const { records } = await runSuite('sim-good', smallContextSim.url);
    const byMetric = new Map(records.map((record) => [record.metric, record]));
    expect(byMetric.get('tool_use.simple')?.status).toBe('pass');
    expect(byMetric.get('tool_use.long_prompt')?.status).toBe('fail');
    expect(byMetric.get('tool_use_score')?.advice).toContain('OLLAMA_CONTEXT_LENGTH');
  });

  it('stops at once when the run is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { ctx, records } = collectingContext({ model: 'sim-good', suite: 'tool-use', host: sim.url });
    await toolUseSuite.run({ ...ctx, signal: controller.signal });
    expect(records).toEqual([]);
  });
});
