// The tool-use suite's generation budget: each probe's max_tokens is min(1024, remaining − floor ×
// probes still to reserve), settled with the server's own count. Whatever the replies, what the
// caps allow together never exceeds the budget; every probe gets at least the floor; a model that
// stops early (~25 tokens a probe, like sim-good) is never cut.
import { describe, expect, it } from 'vitest';
import {
  budgetDetail,
  cutNote,
  GENERATION_FLOOR,
  GenerationBudget,
  MAX_TOKENS,
  TOOL_USE_GENERATION_BUDGET,
} from '../../suites/tool-use/budget.js';
import { scoreProbe } from '../../suites/tool-use/scorer.js';
import { PROBES } from '../../suites/tool-use/probes.js';

const PROBE_COUNT = PROBES.length;

/** Runs `probes` through a budget, `inFlight` reserved at a time; `generate` says what each reply used of its cap. */
function spend(probes: number, inFlight: number, generate: (cap: number, index: number) => number | null) {
  const budget = new GenerationBudget(probes, inFlight);
  const caps: number[] = [];
  const pending: Array<{ reservation: ReturnType<GenerationBudget['reserve']>; index: number }> = [];
  let generated = 0;
  for (let index = 0; index < probes; index++) {
    if (pending.length === inFlight) {
      const { reservation, index: done } = pending.shift()!;
      const used = generate(reservation.maxTokens, done);
      generated += used ?? reservation.maxTokens;
      budget.settle(reservation, used, used === reservation.maxTokens);
    }
    const reservation = budget.reserve();
    caps.push(reservation.maxTokens);
    pending.push({ reservation, index });
  }
  for (const { reservation, index } of pending) {
    const used = generate(reservation.maxTokens, index);
    generated += used ?? reservation.maxTokens;
    budget.settle(reservation, used, used === reservation.maxTokens);
  }
  return { caps, generated, summary: budget.summary() };
}

const B = TOOL_USE_GENERATION_BUDGET;
const F = GENERATION_FLOOR;
/** What the budget holds above every probe's floor. */
const ROOM = B - F * PROBE_COUNT;

describe('generation budget', () => {
  it('the suite fits its probes at the floor (34 × 64 ≤ 3,072)', () => {
    expect(F * PROBE_COUNT).toBeLessThanOrEqual(B);
    expect(() => new GenerationBudget(100, 1, 3072, 1024, 64)).toThrow(/budget 3072: too small for 100 probes/);
  });

  it('a model that never stops uses the budget and no more, every probe given at least the floor', () => {
    for (const inFlight of [1, 2, 4, 8, 64]) {
      const { caps, generated, summary } = spend(PROBE_COUNT, inFlight, (cap) => cap);
      expect(generated, `--parallel ${inFlight}`).toBeLessThanOrEqual(B);
      expect(generated, `--parallel ${inFlight}`).toBeGreaterThan(B - PROBE_COUNT);
      expect(summary.generatedTokens).toBe(generated);
      expect(Math.min(...caps), `--parallel ${inFlight}`).toBeGreaterThanOrEqual(F);
      expect(Math.max(...caps)).toBeLessThanOrEqual(MAX_TOKENS);
      // The budget bit: replies were cut at a lower cap, and counted as such.
      expect(summary.cutByBudget).toBeGreaterThan(0);
    }
    // One by one: the first probe gets all the room above the floors, the others their floor.
    const serial = spend(PROBE_COUNT, 1, (cap) => cap);
    expect(serial.caps).toEqual([Math.min(MAX_TOKENS, F + ROOM), ...Array(PROBE_COUNT - 1).fill(F)]);
    expect(serial.generated).toBe(B);
    // More slots than probes (`--sim` sends 64 at once): the room is shared by the 34, not by 64.
    const all = spend(PROBE_COUNT, 64, (cap) => cap);
    expect(Math.min(...all.caps)).toBe(F + Math.floor(ROOM / PROBE_COUNT));
  });

  it('a reply the server did not count is taken at its cap, so the sum still holds', () => {
    const { generated } = spend(PROBE_COUNT, 3, (cap, index) => (index % 2 === 0 ? null : cap));
    expect(generated).toBeLessThanOrEqual(B);
  });

  it('a well-behaved model (~25 tokens a probe) is never cut, and gets back the full cap', () => {
    for (const inFlight of [1, 4, 64]) {
      const { caps, summary } = spend(PROBE_COUNT, inFlight, () => 25);
      expect(summary).toEqual({ budget: B, generatedTokens: 25 * PROBE_COUNT, cutByBudget: 0 });
      expect(budgetDetail(summary)).toBe('');
      // Each in-flight probe starts with a fair share of the room above the floors; what is given back raises it.
      const first = Math.min(MAX_TOKENS, F + Math.floor(ROOM / Math.min(inFlight, PROBE_COUNT)));
      expect(Math.min(...caps), `--parallel ${inFlight}`).toBe(first);
      // One by one, the last ones get the full cap back; side by side the room stays shared.
      if (inFlight === 1) expect(caps.at(-1)).toBe(MAX_TOKENS);
    }
    // One by one, the probes after the first get 1,024 as soon as what came back allows it.
    const serial = spend(PROBE_COUNT, 1, () => 25);
    expect(serial.caps.filter((cap) => cap < MAX_TOKENS).length).toBeLessThanOrEqual(5);
  });

  it('one long reply is paid for by the probes after it, never below the floor', () => {
    const { caps, generated, summary } = spend(PROBE_COUNT, 1, (cap, index) => (index === 0 ? cap : 25));
    expect(Math.min(...caps)).toBeGreaterThanOrEqual(F);
    expect(generated).toBe(caps[0] + 25 * (PROBE_COUNT - 1));
    // Only the first, cut at its own cap: 25 tokens fit every later one.
    expect(summary.cutByBudget).toBe(caps[0] < MAX_TOKENS ? 1 : 0);
  });
});

describe('the budget in reasons and details', () => {
  it('names the cap and the budget when the budget lowered it', () => {
    expect(cutNote(212, "the suite's 4,096-token generation budget")).toBe(
      " (stopped at max_tokens: 212, the suite's 4,096-token generation budget was nearly spent)",
    );
    expect(cutNote(null, null)).toBe(' (stopped at max_tokens)');
    expect(budgetDetail({ budget: 4096, generatedTokens: 4090, cutByBudget: 31 })).toBe(
      "; 31 replies cut short by the suite's 4,096-token generation budget (4,090 tokens generated)",
    );
  });

  it('a reply cut under a lowered cap says so in its failure reason, whatever it failed on', () => {
    const probe = PROBES.find((p) => p.category === 'simple')!;
    const reply = {
      blocks: [{ type: 'text' as const, text: 'Let me think' }],
      stopReason: 'max_tokens',
      streamed: false,
      complete: true,
    };
    const limited = scoreProbe(probe, {
      ok: true,
      reply,
      limit: { maxTokens: 212, budget: "the suite's 4,096-token generation budget" },
    });
    expect(limited.failure).toBe('no_tool_call');
    expect(limited.reason).toMatch(
      /^answered in text \(stopped at max_tokens: 212, the suite's 4,096-token generation budget was nearly spent\): Let me think/,
    );
    expect(scoreProbe(probe, { ok: true, reply }).reason).toMatch(/^answered in text \(stopped at max_tokens\): /);
    // A call whose arguments were cut: invalid JSON, with the note at the end.
    const cutCall = {
      blocks: [{ type: 'tool_use' as const, name: 'Read', input: undefined, rawJson: '{"file_pa' }],
      stopReason: 'max_tokens',
      streamed: true,
      complete: true,
    };
    const broken = scoreProbe(probe, { ok: true, reply: cutCall, limit: { maxTokens: 64, budget: 'B' } });
    expect(broken.failure).toBe('invalid_json');
    expect(broken.reason).toMatch(/\(stopped at max_tokens: 64, B was nearly spent\)$/);
  });
});
