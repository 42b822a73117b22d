// A real llama-server's answers to the session traces (test/fixtures/llama-server/session, recorded
// from b10472 with a tiny qwen2 model, -c 32768 -np 1), served back by a stand-in over real HTTP:
// the suite must read that server's usage and timing the way the engine reported them, and
// every request it sends must be the trace's, model swapped.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBody } from '../../src/shared/http.js';
import { collectingContext } from '../../src/run/context.js';
import type { ResultRecord } from '../../src/types.js';
import { loadFixtureTrace } from '../../suites/session/fixtures.js';
import { sessionSuite } from '../../suites/session/index.js';
import { replayBody } from '../../suites/session/replay.js';
import { TRACE_VARIANTS, type SessionTrace, type TraceVariant } from '../../suites/session/trace.js';

interface RecordedExchange {
  index: number | null;
  response: { status: number; headers: Record<string, string>; body: string };
}
interface RecordedSession {
  server: { buildInfo: string; model: string };
  turns: { turn: number; promptTokens: number; cachedTokens: number }[];
  exchanges: RecordedExchange[];
}

const recorded = (variant: TraceVariant): RecordedSession =>
  JSON.parse(
    readFileSync(
      new URL(
        `../fixtures/llama-server/session/${variant === 'default' ? 'default' : 'cache-settings'}.json`,
        import.meta.url,
      ),
      'utf8',
    ),
  );

let server: Server;
let url: string;
const traces = new Map<TraceVariant, SessionTrace>();
const mismatches: string[] = [];

beforeAll(async () => {
  for (const variant of TRACE_VARIANTS) traces.set(variant, await loadFixtureTrace(variant));
  const sessions = TRACE_VARIANTS.map((variant) => ({ variant, session: recorded(variant) }));
  server = createServer(async (req, res) => {
    const body = JSON.parse((await readBody(req)).toString('utf8')) as Record<string, unknown>;
    let reply: RecordedExchange | undefined;
    if (!Array.isArray(body.tools)) reply = sessions[0].session.exchanges.find((e) => e.index === null);
    else
      for (const { variant, session } of sessions) {
        const trace = traces.get(variant)!;
        const index = trace.requests.findIndex(
          (request) => JSON.stringify(replayBody(request, String(body.model))) === JSON.stringify(body),
        );
        if (index >= 0) reply = session.exchanges.find((e) => e.index === index && e.response);
        if (index >= 0) break;
      }
    if (!reply) {
      mismatches.push(`${req.url}: not a request of the traces`);
      res.writeHead(404).end();
      return;
    }
    res.writeHead(reply.response.status, {
      'content-type': reply.response.headers['content-type'] ?? 'text/event-stream',
    });
    res.end(reply.response.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const find = (records: ResultRecord[], metric: string) => records.find((r) => r.metric === metric);

describe('session suite on a real llama-server’s recorded replies', () => {
  it('reads the cache reuse, the break turn and the per-turn counts as the engine reported them', async () => {
    const { ctx, records } = collectingContext({
      model: 'tiny-qwen2',
      suite: 'session',
      host: url,
      backend: 'llama-server',
    });
    await sessionSuite.run(ctx);
    expect(mismatches).toEqual([]);
    for (const variant of TRACE_VARIANTS) {
      const suffix = variant === 'default' ? '' : '.cache_settings';
      const real = recorded(variant).turns.filter((turn) => turn.turn >= 2 && turn.turn <= 10);
      const reuse = real.reduce((sum, t) => sum + t.cachedTokens, 0) / real.reduce((sum, t) => sum + t.promptTokens, 0);
      expect(find(records, `session_cache_reuse${suffix}`)).toMatchObject({
        status: 'pass',
        value: Number(reuse.toFixed(3)),
      });
      expect(find(records, `session_prefix_break_turn${suffix}`)).toMatchObject({ value: null, status: 'pass' });
      const turns = find(records, `session_turns${suffix}`)!.data!.turns as {
        promptTokens: number;
        cachedTokens: number;
      }[];
      expect(turns.map((t) => [t.promptTokens, t.cachedTokens])).toEqual(
        recorded(variant).turns.map((t) => [t.promptTokens, t.cachedTokens]),
      );
    }
    // What the engine showed: each turn served exactly the previous request's prompt from its cache.
    const real = recorded('default').turns;
    for (let index = 1; index < real.length; index++)
      expect(real[index].cachedTokens).toBe(real[index - 1].promptTokens);
    expect(recorded('default').server.buildInfo).toMatch(/^b\d+/);
  });
});
