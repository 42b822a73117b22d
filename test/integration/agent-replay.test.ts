// A recording of a real Claude Code session (2.1.332 against sim-good, task fix_bug) replayed
// against the simulator: every request gets a reply of the same shape as when it was recorded.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRecording } from '../../src/agent/recording.js';
import { compareShapes, replayRecording } from '../../src/agent/replay.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';

const fixture = fileURLToPath(new URL('../fixtures/agent/fix-bug.sim-good.recording.json', import.meta.url));

describe('replayRecording', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, contextLength: 131072 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('replays a real session against the simulator with the same reply shapes', async () => {
    const recording = await loadRecording(fixture);
    expect(recording.exchanges.length).toBeGreaterThan(1);
    const result = await replayRecording(recording, sim.url);
    expect(result.skipped).toBe(0);
    expect(result.replayed).toHaveLength(recording.exchanges.length);
    expect(result.replayed.flatMap((entry) => entry.differences)).toEqual([]);
    expect(result.same).toBe(true);
    // The recorded session read, edited and ran before answering.
    expect(result.replayed.flatMap((entry) => entry.replayed.toolCalls)).toEqual(
      recording.exchanges.flatMap((exchange) => exchange.log.toolCalls),
    );
  });

  it('notices a different shape: the same session against a model that writes tool calls as text', async () => {
    const recording = await loadRecording(fixture);
    const asTextTools = {
      ...recording,
      exchanges: recording.exchanges.slice(0, 1).map((exchange) => ({
        ...exchange,
        request: { ...exchange.request, body: { ...(exchange.request.body as object), model: 'sim-text-tools' } },
      })),
    };
    const result = await replayRecording(asTextTools, sim.url);
    expect(result.same).toBe(false);
    expect(result.replayed[0].differences.join(' ')).toMatch(/toolCalls/);
  });

  it('compareShapes lists each differing part', () => {
    const base = {
      ok: true,
      streamed: true,
      eventTypes: ['message_start'],
      toolCalls: ['Read'],
      stopReason: 'tool_use',
    };
    expect(compareShapes(base, { ...base })).toEqual([]);
    expect(compareShapes(base, { ...base, ok: false, toolCalls: [] })).toHaveLength(2);
  });
});
