// Soak: 300 probes across four simulated models and all three wire paths (native chat, Messages
// whole, Messages streamed), with ~10% of them hit by faults of every kind. Loopback only, bounded
// in count; the per-request timeout bounds the time. Every probe must be accounted for exactly
// once, only the faulted ones may fail, and no socket or server may be left open.
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS, type FaultKind } from '../../src/sim/faults.js';
import { startSimulator } from '../../src/sim/server.js';
import { TargetError } from '../../src/targets/errors.js';
import { MessagesTarget } from '../../src/targets/messages.js';
import { OllamaTarget } from '../../src/targets/ollama.js';
import { mapInPool } from '../../src/run/pool.js';

const PROBES = 300;
const CONCURRENCY = 12;
const TIMEOUT_MS = 4000;
const MODELS = ['sim-instant', 'sim-good', 'sim-short-ctx', 'sim-deepseek'];
const PATHS = ['native', 'whole', 'stream'] as const;

type Outcome =
  | { id: number; status: 'passed' }
  | { id: number; status: 'failed'; reason: string }
  | { id: number; status: 'error'; error: unknown };

/** Open sockets and servers of this process, by kind. */
function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo())
    if (/TCP|Pipe/.test(kind)) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

describe('soak: 300 probes, ~10% faulted, every kind', () => {
  it('accounts for every probe once, fails only the faulted ones, and leaks no socket', {
    timeout: 120_000,
  }, async () => {
    const before = handles();
    const injected: FaultKind[] = [];
    // One rule per kind; each fires on about one request in 85 of those the earlier rules left alone.
    const sim = await startSimulator({
      faults: FAULT_KINDS.map((kind) => ({ kind, rate: 1 / 85, delayMs: 2 * TIMEOUT_MS })),
      log: (line) => {
        const match = /^fault (\S+)/.exec(line);
        if (match) injected.push(match[1] as FaultKind);
      },
    });
    const ollama = new OllamaTarget({ host: sim.url, timeoutMs: TIMEOUT_MS });
    const messages = new MessagesTarget({ host: sim.url, timeoutMs: TIMEOUT_MS });

    const probe = async (id: number): Promise<Outcome> => {
      const model = MODELS[id % MODELS.length];
      const path = PATHS[Math.floor(id / MODELS.length) % PATHS.length];
      const content = `Count from 1 to ${5 + (id % 7)}.`;
      try {
        if (path === 'native')
          await ollama.chat({ model, messages: [{ role: 'user', content }], options: { num_predict: 40 } });
        else if (path === 'whole')
          await messages.create({ model, max_tokens: 40, messages: [{ role: 'user', content }] });
        else {
          const reply = await messages.stream({ model, max_tokens: 40, messages: [{ role: 'user', content }] });
          if (!reply.complete) return { id, status: 'failed', reason: 'stream ended without message_stop' };
        }
        return { id, status: 'passed' };
      } catch (error) {
        return { id, status: 'error', error };
      }
    };

    let outcomes: Outcome[];
    try {
      outcomes = await mapInPool(
        Array.from({ length: PROBES }, (_, id) => id),
        CONCURRENCY,
        probe,
      );
    } finally {
      await sim.close();
    }

    // Every probe exactly once.
    expect(outcomes.map((o) => o.id).sort((a, b) => a - b)).toEqual(Array.from({ length: PROBES }, (_, id) => id));
    // Every error is a TargetError, never a raw library exception.
    const errors = outcomes.flatMap((o) => (o.status === 'error' ? [o.error] : []));
    for (const error of errors) expect(error).toBeInstanceOf(TargetError);
    // The mix was real: every kind fired, about 10% of the probes in all.
    expect(new Set(injected)).toEqual(new Set(FAULT_KINDS));
    expect(injected.length).toBeGreaterThanOrEqual(PROBES * 0.08);
    // A fault hits its own request only: as many probes failed as faults that break a reply (a huge reply is still a reply).
    const breaking = injected.filter((kind) => kind !== 'huge').length;
    expect(outcomes.filter((o) => o.status !== 'passed')).toHaveLength(breaking);

    // Nothing left open: the simulator's server and every connection to it are gone.
    await expect.poll(handles, { timeout: 10_000, interval: 50 }).toEqual(before);
    // Each reason names what happened (a timeout says so; a bare "aborted" would hide it).
    for (const error of errors) expect((error as TargetError).message).toMatch(/^POST \S+ .+: (?!aborted$).{10,}/);
  });
});
