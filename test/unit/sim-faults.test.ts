import { describe, expect, it } from 'vitest';
import { FaultPlan } from '../../src/sim/faults.js';

const fired = (plan: FaultPlan, count: number, path = '/api/chat', model = 'sim-good'): number[] =>
  Array.from({ length: count }, (_, i) => i + 1).filter(() => plan.next(path, model) !== null);

describe('sim fault plan', () => {
  it('fires deterministically at the given rate', () => {
    expect(fired(new FaultPlan([{ kind: 'http500', rate: 1 / 3 }]), 9)).toEqual([3, 6, 9]);
    expect(fired(new FaultPlan([{ kind: 'http500', rate: 1 }]), 3)).toEqual([1, 2, 3]);
    expect(fired(new FaultPlan([{ kind: 'http500', rate: 0 }]), 5)).toEqual([]);
  });

  it('leaves metadata routes alone unless a rule names them', () => {
    expect(fired(new FaultPlan([{ kind: 'http500', rate: 1 }]), 3, '/api/tags')).toEqual([]);
    expect(fired(new FaultPlan([{ kind: 'http500', rate: 1, paths: ['/api/tags'] }]), 2, '/api/tags')).toEqual([1, 2]);
  });

  it('applies only to the named models, with or without :latest', () => {
    const plan = new FaultPlan([{ kind: 'reset', rate: 1, models: ['sim-slow:latest'] }]);
    expect(plan.next('/api/chat', 'sim-good')).toBeNull();
    expect(plan.next('/api/chat', 'sim-slow')?.kind).toBe('reset');
  });

  it('counts for a later rule only the requests earlier rules let through', () => {
    const plan = new FaultPlan([
      { kind: 'http500', rate: 1 / 6 },
      { kind: 'truncate', rate: 1 / 5 },
    ]);
    const kinds = Array.from({ length: 12 }, () => plan.next('/v1/messages', 'sim-flaky')?.kind ?? null);
    expect(kinds.map((kind, i) => (kind ? `${i + 1}:${kind}` : null)).filter(Boolean)).toEqual([
      '5:truncate',
      '6:http500',
      '11:truncate',
      '12:http500',
    ]);
  });
});
