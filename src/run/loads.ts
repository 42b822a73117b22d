// One load per num_ctx: suites that need the model at a context ask here instead of loading it
// themselves. Where the run already read /api/ps with the model at that context (an earlier suite,
// or the server default being that context), the reading is reused and nothing is loaded again.
import type { LoadResult, MemoryInUse, ModelServer } from '../servers/types.js';
import type { CostMeter } from './cost.js';

export interface ContextReading {
  /** What /api/ps said with the model at that context; null when it did not list the model with a size. */
  memory: MemoryInUse | null;
  /** The context the server allocated (/api/ps context_length); null when not reported. */
  allocated: number | null;
  /** The load this call made; null when the model was there already or a reading was reused. */
  load: LoadResult | null;
}

export interface LoadPlanner {
  /** The model at `numCtx` and what the server says of it, loading it only if no reading at that context exists yet. */
  at(numCtx: number): Promise<ContextReading>;
}

export function createLoadPlanner(server: ModelServer, meter: CostMeter, model: string): LoadPlanner {
  const read = async (): Promise<Omit<ContextReading, 'load'>> => {
    if (server.capabilities.memoryInUse) {
      const memory = await server.memoryInUse(model);
      if (memory) return { memory, allocated: memory.contextTokens };
    }
    return { memory: null, allocated: await server.loadedContext(model) };
  };
  return {
    async at(numCtx) {
      const key = meter.resolve(model, numCtx);
      const residency = meter.residencyOf(model);
      const kept = typeof key === 'number' ? residency.readings.get(key) : undefined;
      if (kept) return { memory: kept, allocated: kept.contextTokens, load: null };
      if (residency.current === key) {
        // Loaded there already: reading /api/ps is all it takes (unless the server let it go meanwhile).
        const reading = await read();
        if (reading.allocated !== null) return { ...reading, load: null };
      }
      const load = await server.load(model, numCtx);
      return { ...(await read()), load };
    },
  };
}
