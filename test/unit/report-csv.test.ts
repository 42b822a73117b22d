import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/report/csv.js';
import { escapeCsvCell } from '../../src/report/escape.js';
import { record } from '../helpers/run-fixtures.js';

describe('escapeCsvCell', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","click")', `'=HYPERLINK("http://evil.example","click")`],
    ['+1', `'+1`],
    ['@SUM(A1:A2)', `'@SUM(A1:A2)`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `'\r=1+1`],
    ['-2+3+cmd|calc', `'-2+3+cmd|calc`],
    ['\n=1+1', `'\n=1+1`],
    [' =1+1', `' =1+1`],
    ['   @SUM(A1)', `'   @SUM(A1)`],
    ['\u00a0=1+1', `'\u00a0=1+1`],
    ['\u200b=1+1', `'\u200b=1+1`],
    ['\ufeff+1', `'\ufeff+1`],
    ['\u3000-1+1', `'\u3000-1+1`],
    ['＝1+1', `'＝1+1`],
    ['＋cmd', `'＋cmd`],
    ['＠SUM(1)', `'＠SUM(1)`],
    ['|calc', `'|calc`],
    [' |calc', `' |calc`],
  ])('prefixes formula-looking text %j', (input, expected) => {
    expect(escapeCsvCell(input)).toBe(expected);
  });

  it('leaves numbers, negative numbers and plain text alone', () => {
    expect(escapeCsvCell(-3.5)).toBe(-3.5);
    expect(escapeCsvCell('-3.5')).toBe('-3.5');
    expect(escapeCsvCell('qwen3:8b')).toBe('qwen3:8b');
    expect(escapeCsvCell('a=b')).toBe('a=b');
    expect(escapeCsvCell(' plain text')).toBe(' plain text');
    expect(escapeCsvCell('a|b')).toBe('a|b');
    expect(escapeCsvCell('')).toBe('');
    expect(escapeCsvCell('-1e3')).toBe('-1e3');
    expect(escapeCsvCell(null)).toBe('');
  });
});

describe('toCsv', () => {
  it('starts with the exact header', () => {
    const text = toCsv([record({ model: 'm', suite: 'throughput', metric: 'decode_tps', status: 'pass' })]);
    expect(text.split('\n')[0]).toBe('run_id,model,suite,metric,value,unit,status,detail');
  });

  it('writes one row per record that a CSV parser reads back, escaped', () => {
    const records = [
      record({
        model: 'qwen3:8b',
        suite: 'throughput',
        metric: 'decode_tps',
        value: 42.5,
        unit: 'tok/s',
        status: 'pass',
      }),
      record({
        model: '=cmd|calc',
        suite: 'memory',
        metric: 'delta',
        value: -3.5,
        unit: 'GiB',
        status: 'warn',
        detail: 'line one\nline "two", too',
      }),
      record({
        model: 'm',
        suite: 'tool-use',
        metric: 'tool_use.single',
        value: null,
        status: 'error',
        detail: '@SUM(1)',
      }),
    ];
    const rows = parse(toCsv(records), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({
      run_id: 'run-1',
      model: 'qwen3:8b',
      suite: 'throughput',
      metric: 'decode_tps',
      value: '42.5',
      unit: 'tok/s',
      status: 'pass',
      detail: '',
    });
    expect(rows[1].model).toBe("'=cmd|calc");
    expect(rows[1].value).toBe('-3.5');
    expect(rows[1].detail).toBe('line one\nline "two", too');
    expect(rows[2].value).toBe('');
    expect(rows[2].detail).toBe("'@SUM(1)");
  });

  it('writes only the header when there are no records', () => {
    expect(toCsv([]).trim()).toBe('run_id,model,suite,metric,value,unit,status,detail');
  });
});
