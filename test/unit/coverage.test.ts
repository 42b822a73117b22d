import { describe, expect, it } from 'vitest';
import { applyCoverage, MIN_COVERAGE } from '../../src/run/coverage.js';
import { recordOf } from '../../src/run/context.js';

const metric = { metric: 'm', value: 0.9, unit: 'ratio', status: 'pass' as const, detail: '9/10 passed' };

describe('the coverage rule', () => {
  it('keeps a verdict at or above 80% answered, and records the counts', () => {
    expect(MIN_COVERAGE).toBe(0.8);
    expect(applyCoverage({ ...metric, coverage: { answered: 8, asked: 10 } })).toEqual({
      ...metric,
      data: { coverage: { answered: 8, asked: 10 } },
    });
  });

  it('turns a pass, warn or fail below 80% into an error without a value, saying why', () => {
    for (const status of ['pass', 'warn', 'fail'] as const) {
      const turned = applyCoverage({
        ...metric,
        status,
        coverage: { answered: 2, asked: 34, why: 'the server stopped answering' },
      });
      expect(turned).toMatchObject({
        status: 'error',
        value: null,
        detail: 'measured 2 of 34 (below 80%: no verdict): the server stopped answering; 9/10 passed',
      });
      expect(turned.data).toEqual({ coverage: { answered: 2, asked: 34 }, unscored: { value: 0.9, status } });
    }
  });

  it('leaves skips alone and keeps an error the suite made, counting what was answered', () => {
    expect(applyCoverage({ ...metric, status: 'skip', coverage: { answered: 0, asked: 3 } }).status).toBe('skip');
    const error = applyCoverage({
      metric: 'x',
      value: 8192,
      status: 'error',
      detail: 'a lower bound',
      coverage: { answered: 2, asked: 3 },
    });
    expect(error).toMatchObject({ status: 'error', value: 8192, detail: 'measured 2 of 3; a lower bound' });
    expect(
      applyCoverage({
        metric: 'x',
        value: null,
        status: 'error',
        detail: 'refused',
        coverage: { answered: 0, asked: 3 },
      }).detail,
    ).toBe('refused');
  });

  it('is idempotent, and metrics without counts pass through', () => {
    const once = applyCoverage({ ...metric, coverage: { answered: 1, asked: 10 } });
    expect(applyCoverage({ ...once, coverage: { answered: 1, asked: 10 } })).toEqual(once);
    expect(applyCoverage(metric)).toBe(metric);
  });

  it('applies to every record a suite emits (recordOf)', () => {
    const record = recordOf(
      { runId: 'r', model: 'm', suite: 'throughput' },
      { ...metric, coverage: { answered: 0, asked: 3 } },
    );
    expect(record).toMatchObject({ status: 'error', value: null, data: { coverage: { answered: 0, asked: 3 } } });
    expect(record).not.toHaveProperty('coverage');
  });
});
