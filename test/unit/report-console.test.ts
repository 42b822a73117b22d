import { describe, expect, it } from 'vitest';
import { colourWanted, paint } from '../../src/report/colour.js';
import { numbersTable } from '../../src/report/console.js';
import { answerOf } from '../../src/report/answer.js';
import { formatCompact } from '../../src/report/format.js';
import { findDeclaration } from '../../src/run/metric.js';
import { THROUGHPUT_METRICS } from '../../suites/throughput/metric-declarations.js';
import { MEMORY_METRICS } from '../../suites/memory/metric-declarations.js';
import { record, runOf } from '../helpers/run-fixtures.js';

const run = runOf([
  record({ model: 'coder', suite: 'throughput', metric: 'decode_tps', value: 41.26, unit: 'tokens/s', status: 'pass' }),
  record({ model: 'coder', suite: 'tool-use', metric: 'tool_use_score', value: 0.94, unit: 'ratio', status: 'pass' }),
  record({ model: 'slow', suite: 'throughput', metric: 'decode_tps', value: 5, unit: 'tokens/s', status: 'fail' }),
  record({ model: 'slow', suite: 'tool-use', metric: 'tool_use_score', value: 0.5, unit: 'ratio', status: 'fail' }),
]);

describe('the console numbers table', () => {
  it("one row per model with its verdict and the suites' key numbers, with units", () => {
    const lines = numbersTable(run, answerOf(run, '/out'), false);
    expect(lines[0]).toMatch(/^\| model +\| verdict +\| decode +\| tool use \|$/);
    expect(lines[2]).toMatch(/^\| coder +\| pass +\| 41\.3 tok\/s \| 94% +\|$/);
    expect(lines[3]).toMatch(/^\| slow +\| fail +\| 5 tok\/s ✗ +\| 50% ✗ +\|$/);
    expect(lines.join('\n')).not.toContain('\u001b[');
  });

  it('paints verdicts only when colour is on', () => {
    const coloured = numbersTable(run, answerOf(run, '/out'), true).join('\n');
    expect(coloured).toContain('\u001b[31m5 tok/s');
    expect(coloured).toContain('\u001b[32mpass');
    expect(paint('x', 'fail', false)).toBe('x');
  });

  it('colour on a TTY unless NO_COLOR; FORCE_COLOR anywhere', () => {
    expect(colourWanted({ isTTY: true }, {})).toBe(true);
    expect(colourWanted({ isTTY: false }, {})).toBe(false);
    expect(colourWanted({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colourWanted({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(colourWanted({ isTTY: true }, { FORCE_COLOR: '0', NO_COLOR: '1' })).toBe(false);
    expect(colourWanted({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
  });
});

describe('metric declarations', () => {
  it('match a metric exactly or as a family', () => {
    expect(findDeclaration(THROUGHPUT_METRICS, 'decode_tps')?.role).toBe('verdict');
    expect(findDeclaration(MEMORY_METRICS, 'predicted_bytes@65536')?.role).toBe('fact');
    expect(findDeclaration(MEMORY_METRICS, 'predicted_bytes')).toBeUndefined();
  });

  it('compact values read at a glance', () => {
    expect(formatCompact(131072, 'tokens')).toBe('128K');
    expect(formatCompact(321_305_841.9, 'tokens/s')).toBe('321M tok/s');
    expect(formatCompact(111_544, 'tokens/s')).toBe('112K tok/s');
    expect(formatCompact(149.9, 'tokens/s')).toBe('150 tok/s');
    expect(formatCompact(0.265, 'ratio')).toBe('27%');
    expect(formatCompact(null, 'ms')).toBe('—');
  });
});
