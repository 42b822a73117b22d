// Benchmark of the harness itself: requests per second and overhead per request through our
// targets against the simulator's instant profile (no simulated model time). Printed, never asserted.
import { Bench } from 'tinybench';
import { startSimulator } from '../src/sim/server.js';
import { MessagesTarget } from '../src/targets/messages.js';
import { OllamaTarget } from '../src/targets/ollama.js';

const MODEL = 'sim-instant';
// The simulator's request log is a test facility, not part of a run (`bench run --sim` turns it off too).
const sim = await startSimulator({ port: 0, keepRequests: false });
try {
  const ollama = new OllamaTarget({ host: sim.url, timeoutMs: 10_000 });
  const messages = new MessagesTarget({ host: sim.url, timeoutMs: 10_000 });
  const ask = [{ role: 'user' as const, content: 'Reply with one word: ok.' }];
  const bench = new Bench({ time: 2_000, warmupTime: 200 });
  bench
    .add('GET /api/version (bare HTTP floor)', async () => {
      await fetch(`${sim.url}/api/version`).then((r) => r.arrayBuffer());
    })
    .add('OllamaTarget.chat (native, non-stream)', async () => {
      await ollama.chat({ model: MODEL, messages: ask });
    })
    .add('MessagesTarget.create (Anthropic SDK)', async () => {
      await messages.create({ model: MODEL, max_tokens: 16, messages: ask });
    })
    .add('MessagesTarget.stream (Anthropic SDK, SSE)', async () => {
      await messages.stream({ model: MODEL, max_tokens: 16, messages: ask });
    });
  await bench.run();
  const floor = bench.tasks[0]?.result;
  const floorMs = floor && 'latency' in floor ? floor.latency.p50 : 0;
  console.log('Harness overhead against the instant simulator (SIMULATED server, loopback):');
  console.table(
    bench.tasks.map((task) => {
      const result = task.result;
      const p50 = result && 'latency' in result ? result.latency.p50 : Number.NaN;
      const rps = result && 'throughput' in result ? result.throughput.mean : Number.NaN;
      return {
        task: task.name,
        'requests/s': Math.round(rps),
        'p50 ms': p50.toFixed(3),
        'overhead vs floor ms': (p50 - floorMs).toFixed(3),
      };
    }),
  );
} finally {
  await sim.close();
}
