import { describe, expect, it } from 'vitest';
import { STATUS_RANK, suiteVerdicts, worstStatus } from '../../src/report/verdict.js';
import { record } from '../helpers/run-fixtures.js';

describe('worstStatus', () => {
  it('orders error > fail > warn > pass > skip', () => {
    expect(worstStatus(['pass', 'skip'])).toBe('pass');
    expect(worstStatus(['pass', 'warn', 'skip'])).toBe('warn');
    expect(worstStatus(['warn', 'fail', 'pass'])).toBe('fail');
    expect(worstStatus(['fail', 'error', 'warn'])).toBe('error');
    expect(worstStatus(['skip'])).toBe('skip');
  });

  it('is skip for no statuses', () => {
    expect(worstStatus([])).toBe('skip');
  });

  it('ranks every status distinctly', () => {
    expect(new Set(Object.values(STATUS_RANK)).size).toBe(5);
    expect(STATUS_RANK.error).toBeGreaterThan(STATUS_RANK.fail);
    expect(STATUS_RANK.pass).toBeGreaterThan(STATUS_RANK.skip);
  });
});

describe('suiteVerdicts', () => {
  it('gives one verdict per model and suite present, from mixed statuses', () => {
    const verdicts = suiteVerdicts([
      record({ model: 'a', suite: 'throughput', metric: 'decode_tps', status: 'pass' }),
      record({ model: 'a', suite: 'throughput', metric: 'prefill_tps', status: 'warn' }),
      record({ model: 'a', suite: 'tool-use', metric: 'tool_use.single', status: 'pass' }),
      record({ model: 'a', suite: 'tool-use', metric: 'tool_use.parallel', status: 'skip' }),
      record({ model: 'b', suite: 'tool-use', metric: 'tool_use.single', status: 'fail' }),
      record({ model: 'b', suite: 'tool-use', metric: 'tool_use.parallel', status: 'error' }),
    ]);
    expect([...verdicts.keys()]).toEqual(['a', 'b']);
    expect(Object.fromEntries(verdicts.get('a')!)).toEqual({ throughput: 'warn', 'tool-use': 'pass' });
    // b has no throughput records: no verdict rather than a made-up one.
    expect(Object.fromEntries(verdicts.get('b')!)).toEqual({ 'tool-use': 'error' });
  });

  it('lists suites in canonical order whatever the record order', () => {
    const verdicts = suiteVerdicts([
      record({ model: 'a', suite: 'memory', metric: 'm', status: 'pass' }),
      record({ model: 'a', suite: 'throughput', metric: 't', status: 'pass' }),
    ]);
    expect([...verdicts.get('a')!.keys()]).toEqual(['throughput', 'memory']);
  });
});
