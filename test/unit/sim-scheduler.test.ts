import { describe, expect, it } from 'vitest';
import { findProfile } from '../../src/sim/profiles/index.js';
import { ModelScheduler } from '../../src/sim/scheduler.js';

const GIB = 1024 ** 3;

describe('sim scheduler', () => {
  const instant = findProfile('sim-instant')!;
  const spill = { ...findProfile('sim-spill')!, loadMs: 0 };

  it('evicts loaded models that do not fit beside a new one, like Ollama', async () => {
    const scheduler = new ModelScheduler(24 * GIB);
    await scheduler.ensureLoaded(instant, 65536);
    await scheduler.ensureLoaded(spill, 32768);
    expect(scheduler.list().map((m) => m.profile.name)).toEqual([spill.name]);
  });

  it('keeps every model loaded when the GPU is not shared (models tested side by side)', async () => {
    const scheduler = new ModelScheduler(24 * GIB, false);
    await scheduler.ensureLoaded(instant, 65536);
    await scheduler.ensureLoaded(spill, 32768);
    expect(
      scheduler
        .list()
        .map((m) => m.profile.name)
        .sort(),
    ).toEqual([instant.name, spill.name].sort());
  });

  it('reloads a model asked for another context, and only then', async () => {
    const scheduler = new ModelScheduler(24 * GIB);
    await scheduler.ensureLoaded(instant, 4096);
    await scheduler.ensureLoaded(instant, 8192);
    expect(scheduler.list()[0].numCtx).toBe(8192);
  });
});
