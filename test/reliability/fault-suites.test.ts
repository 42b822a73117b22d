// Every simulator fault kind against the real suites (throughput, tool-use, context): each faulted
// probe is recorded with a reason that names what happened, nothing hangs, and the suite goes on.
// Tool-use scores what Claude Code would get (HTTP errors, cut or garbage replies) as the model's
// failure, but a server that never answers measures nothing: an error record, not a verdict.
import { afterEach, describe, expect, it } from 'vitest';
import { collectingContext } from '../../src/run/context.js';
import type { FaultKind } from '../../src/sim/faults.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';
import type { ResultRecord, SuiteId } from '../../src/types.js';
import { ALL_SUITES } from '../../suites/index.js';
import { PROBES } from '../../suites/tool-use/probes.js';

const MODEL = 'sim-instant';
const TIMEOUT_MS = 1000;

/** The reason a faulted request must carry: `native` /api/chat, `whole` /v1/messages, `stream` /v1/messages streamed. */
interface Expected {
  native: RegExp;
  whole: RegExp;
  stream: RegExp;
}
const same = (pattern: RegExp): Expected => ({ native: pattern, whole: pattern, stream: pattern });

/** Faults where no reply arrives at all: the connection drops or nothing comes before the timeout. */
const NO_ANSWER: ReadonlySet<FaultKind> = new Set(['refuse', 'reset', 'stall', 'slow-first-byte']);

const CONNECTION_RESET = /connection reset: the server closed the connection before the reply was complete/;
const TIMED_OUT = /timed out after 1 s without a complete reply/;
const CUT_SHORT = /the server cut it short/;

const EXPECTED: Record<Exclude<FaultKind, 'huge'>, Expected> = {
  refuse: same(CONNECTION_RESET),
  reset: same(CONNECTION_RESET),
  http500: same(/HTTP 500: model runner has unexpectedly stopped/),
  http503: same(/HTTP 503: server busy/),
  truncate: {
    native: CUT_SHORT,
    whole: CUT_SHORT,
    stream: new RegExp(
      `stream ended without message_stop|${CUT_SHORT.source}`,
    ) /* where the cut lands: between events or inside one */,
  },
  stall: same(TIMED_OUT),
  'invalid-line': same(/not valid JSON/),
  'slow-first-byte': same(TIMED_OUT),
};

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function runSuite(id: SuiteId, host: string): Promise<ResultRecord[]> {
  const suite = ALL_SUITES.find((s) => s.id === id)!;
  // All tool-use probes at once, so a stalled server costs one timeout, not 34.
  const { ctx, records } = collectingContext({
    model: MODEL,
    suite: id,
    host,
    options: { reps: 1, timeoutMs: TIMEOUT_MS, parallel: PROBES.length },
  });
  await suite.run(ctx);
  return records;
}

const find = (records: ResultRecord[], metric: string): ResultRecord => {
  const record = records.find((r) => r.metric === metric);
  if (!record) throw new Error(`no ${metric} record among ${records.map((r) => r.metric).join(', ')}`);
  return record;
};

describe.each(Object.entries(EXPECTED) as Array<[Exclude<FaultKind, 'huge'>, Expected]>)(
  'fault %s on every generation request',
  (kind, expected) => {
    it('throughput: each faulted probe is an error record naming what happened', async () => {
      sim = await startSimulator({ faults: [{ kind, rate: 1, delayMs: 3 * TIMEOUT_MS }] });
      const records = await runSuite('throughput', sim.url);
      for (const metric of ['prefill_tps', 'decode_tps']) {
        expect(find(records, metric)).toMatchObject({
          status: 'error',
          value: null,
          detail: expect.stringMatching(expected.native),
        });
      }
      expect(find(records, 'ttft_ms')).toMatchObject({
        status: 'error',
        detail: expect.stringMatching(expected.stream),
      });
    });

    it("tool-use: every probe is accounted for, with the server's reason", async () => {
      sim = await startSimulator({ faults: [{ kind, rate: 1, delayMs: 3 * TIMEOUT_MS }] });
      const records = await runSuite('tool-use', sim.url);
      const score = find(records, 'tool_use_score');
      const answered = !NO_ANSWER.has(kind);
      // No answer: no verdict on the model, so every record is an error and --resume reruns the pair.
      if (answered) expect(score.status).toBe('fail');
      else
        for (const record of records)
          expect(record, record.metric).toMatchObject({
            status: 'error',
            value: null,
            detail: expect.stringMatching(/^not measured: \d+ \(/),
          });
      const listed = (answered ? score.data?.failedProbes : score.data?.notMeasured) as Array<{
        id: string;
        reason: string;
      }>;
      expect(listed.map((probe) => probe.id).sort()).toEqual(PROBES.map((probe) => probe.id).sort());
      for (const probe of listed) {
        const streamed = PROBES.find((p) => p.id === probe.id)!.stream;
        expect(probe.reason, probe.id).toMatch(streamed ? expected.stream : expected.whole);
      }
    });

    it('context: the measurements that failed say why, and the suite still ends', async () => {
      sim = await startSimulator({ faults: [{ kind, rate: 1, delayMs: 3 * TIMEOUT_MS }], vramBytes: 24 * 1024 ** 3 });
      const records = await runSuite('context', sim.url);
      expect(find(records, 'effective_context_tokens')).toMatchObject({
        status: 'error',
        detail: expect.stringMatching(expected.native),
      });
      expect(find(records, 'server_context_tokens')).toMatchObject({
        status: 'error',
        detail: expect.stringMatching(expected.whole),
      });
    });
  },
);

describe('fault huge: a reply of megabytes', () => {
  it('is measured or scored like any reply, and none of it bloats the records', async () => {
    sim = await startSimulator({ faults: [{ kind: 'huge', rate: 1 }], vramBytes: 24 * 1024 ** 3 });
    const records: ResultRecord[] = [];
    for (const id of ['throughput', 'tool-use', 'context'] as const) records.push(...(await runSuite(id, sim.url)));
    expect(records.map((r) => r.suite)).toEqual(expect.arrayContaining(['throughput', 'tool-use', 'context']));
    // The replies were ~4 MB each; what is kept of them is bounded.
    for (const record of records) expect(JSON.stringify(record).length, record.metric).toBeLessThan(64 * 1024);
    // Tool-use probes that needed a call got a wall of text: scored as the defined failure, not an error.
    const score = find(records, 'tool_use_score');
    expect(score.detail).toMatch(/no_tool_call/);
  });
});
