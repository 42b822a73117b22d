// Replays the session traces against a real server and keeps its replies as fixtures, so tests can
// replay that server's exchanges without it:
//   npm run build && node dist/bench/record-session-replies.js --host http://127.0.0.1:8080 --model NAME --out DIR
// Writes <out>/default.json and <out>/cache-settings.json: the server's version, then per request its
// trace index, the headers sent and the reply as it came (status, headers, SSE text).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadFixtureTrace, traceFileName } from '../suites/session/fixtures.js';
import { replayHeaders, replayTrace, type RawReply } from '../suites/session/replay.js';
import { TRACE_VARIANTS } from '../suites/session/trace.js';

const { values } = parseArgs({
  options: { host: { type: 'string' }, model: { type: 'string' }, out: { type: 'string' } },
});
if (!values.host || !values.model || !values.out) throw new Error('usage: --host URL --model NAME --out DIR');
const props = await fetch(new URL('/props', values.host))
  .then((response) => (response.ok ? response.json() : null))
  .catch(() => null);
await mkdir(values.out, { recursive: true });
for (const variant of TRACE_VARIANTS) {
  const trace = await loadFixtureTrace(variant);
  const replies: RawReply[] = [];
  const turns = await replayTrace(trace, {
    host: values.host,
    model: values.model,
    timeoutMs: 600_000,
    onReply: (reply) => replies.push(reply),
    onTurn: (turn, of) =>
      console.log(`${variant}: turn ${turn.turn}/${of} ttft ${turn.ttftMs} ms cached ${turn.cachedTokens}`),
  });
  const file = path.join(values.out, traceFileName(variant).replace(/\.jsonl$/, '.json'));
  const exchanges = replies.map((reply) => ({
    trace: reply.index === null ? null : `session/${traceFileName(variant)}`,
    index: reply.index,
    headers: reply.index === null ? null : replayHeaders(trace.requests[reply.index]),
    response: { status: reply.status, headers: reply.headers, body: reply.body },
  }));
  const server = props as {
    build_info?: string;
    model_path?: string;
    default_generation_settings?: { n_ctx?: number };
  } | null;
  await writeFile(
    file,
    `${JSON.stringify(
      {
        recordedAt: new Date().toISOString(),
        server: {
          buildInfo: server?.build_info ?? null,
          model: values.model,
          nCtx: server?.default_generation_settings?.n_ctx ?? null,
        },
        turns: turns.map(({ prefix: _prefix, ...turn }) => turn),
        exchanges,
      },
      null,
      1,
    )}\n`,
  );
  console.log(`${file}: ${exchanges.length} exchanges`);
}
