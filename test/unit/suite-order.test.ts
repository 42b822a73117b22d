// The order suites run in: as selected, except that a suite runs after the suites that measure
// what it declares it reads.
import { describe, expect, it } from 'vitest';
import type { DeclaringSuite, Quantity } from '../../src/run/metric.js';
import { SuiteOrderError, inDependencyOrder } from '../../src/run/order.js';
import { ALL_SUITES } from '../../suites/index.js';

const measuring = (id: string, quantity: Quantity, reads: Quantity[] = []): DeclaringSuite => ({
  id,
  reads,
  metrics: [{ name: `${id}_metric`, unit: '', direction: 'none', role: 'fact', measures: quantity }],
});
const reading = (id: string, reads: Quantity[]): DeclaringSuite => ({ id, reads });
const ids = (suites: readonly DeclaringSuite[]) => suites.map((suite) => suite.id);

describe('inDependencyOrder', () => {
  it('keeps the given order when nothing reads anything', () => {
    expect(ids(inDependencyOrder([reading('b', []), reading('a', []), reading('c', [])]))).toEqual(['b', 'a', 'c']);
  });

  it('moves a suite after the ones that measure what it reads', () => {
    const suites = [
      reading('agent', ['servedContext', 'vramContext']),
      measuring('mem', 'vramContext'),
      measuring('ctx', 'servedContext'),
    ];
    expect(ids(inDependencyOrder(suites))).toEqual(['mem', 'ctx', 'agent']);
  });

  it('runs a reader whose source is not selected where it stands', () => {
    expect(ids(inDependencyOrder([reading('mem', ['decodeRate']), reading('x', [])]))).toEqual(['mem', 'x']);
  });

  it('names a circle of reads', () => {
    const a = measuring('a', 'decodeRate', ['toolUse']);
    const b = measuring('b', 'toolUse', ['decodeRate']);
    expect(() => inDependencyOrder([a, b])).toThrow(SuiteOrderError);
    expect(() => inDependencyOrder([a, b])).toThrow(/a → b → a/);
  });

  it('the built-in suites: every read has a suite that measures it, and the registry order already satisfies them', () => {
    for (const suite of ALL_SUITES)
      for (const quantity of suite.reads ?? [])
        expect(
          ALL_SUITES.some((other) => other.metrics?.some((d) => d.measures === quantity)),
          `${suite.id} reads ${quantity}`,
        ).toBe(true);
    expect(ids(inDependencyOrder(ALL_SUITES))).toEqual(ids(ALL_SUITES));
    expect(ids(inDependencyOrder([...ALL_SUITES].reverse())).indexOf('memory')).toBeGreaterThan(
      ids(inDependencyOrder([...ALL_SUITES].reverse())).indexOf('throughput'),
    );
  });
});
