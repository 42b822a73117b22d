import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDuration,
  formatRatio,
  formatStatus,
  formatTokens,
  formatValue,
} from '../../src/report/format.js';

describe('format', () => {
  it('bytes in GiB, MiB or B', () => {
    expect(formatBytes(12 * 1024 ** 3)).toBe('12.0 GiB');
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5 GiB');
    expect(formatBytes(300 * 1024 ** 2)).toBe('300 MiB');
    expect(formatBytes(512)).toBe('512 B');
  });

  it('ratios as percentages', () => {
    expect(formatRatio(0.875)).toBe('87.5%');
    expect(formatRatio(1)).toBe('100%');
    expect(formatRatio(0)).toBe('0%');
  });

  it('durations in ms, s and min', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_300)).toBe('12.3 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(120_000)).toBe('2 min');
  });

  it('tokens with thousands separators', () => {
    expect(formatTokens(32768)).toBe('32,768 tokens');
  });

  it('values by unit, null as a dash, strings as they are', () => {
    expect(formatValue(2 * 1024 ** 3, 'bytes')).toBe('2.0 GiB');
    expect(formatValue(0.5, 'ratio')).toBe('50%');
    expect(formatValue(1.5, 's')).toBe('1.5 s');
    expect(formatValue(42.345, 'tok/s')).toBe('42.35 tok/s');
    expect(formatValue(null, 'tok/s')).toBe('—');
    expect(formatValue('qwen2', '')).toBe('qwen2');
  });

  it('statuses with their symbol', () => {
    expect(formatStatus('error')).toBe('💥 error');
    expect(formatStatus('skip')).toBe('⏭ skip');
  });
});
