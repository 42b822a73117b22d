// Numbers for humans: bytes in GiB, ratios in %, durations in ms/s/min. Pure, locale-independent.
import { formatBytes } from '../shared/size.js';
import type { Status } from '../types.js';

/** One way to print bytes everywhere (CLI, suites' details and reports). */
export { formatBytes };

/** Up to `digits` decimals, trailing zeros dropped, thousands separated: 1234.5 → "1,234.5". */
export function formatNumber(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** 0.875 → "87.5%". */
export function formatRatio(ratio: number): string {
  return `${formatNumber(ratio * 100, 1)}%`;
}

/** 850 → "850 ms", 12300 → "12.3 s", 125000 → "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (Math.abs(ms) < 1000) return `${formatNumber(ms, ms < 10 ? 2 : 0)} ms`;
  if (Math.abs(ms) < 60_000) return `${formatNumber(ms / 1000, 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms - minutes * 60_000) / 1000);
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

/** 32768 → "32,768 tokens". */
export function formatTokens(tokens: number): string {
  return `${formatNumber(tokens, 0)} tokens`;
}

/** A record's value with its unit, as a person reads it. Unknown units are printed after the number. */
export function formatValue(value: number | string | null, unit: string): string {
  if (value === null) return '—';
  if (typeof value === 'string') return unit ? `${value} ${unit}` : value;
  switch (unit) {
    case 'bytes':
    case 'B':
      return formatBytes(value);
    case 'ratio':
      return formatRatio(value);
    case 'tokens':
      return formatTokens(value);
    case 'ms':
      return formatDuration(value);
    case 's':
      return formatDuration(value * 1000);
    case '%':
      return `${formatNumber(value, 1)}%`;
    case '':
      return formatNumber(value);
    default:
      return `${formatNumber(value)} ${unit}`;
  }
}

const STATUS_SYMBOL: Readonly<Record<Status, string>> = { pass: '✅', warn: '⚠️', fail: '❌', error: '💥', skip: '⏭' };

/** "✅ pass", "💥 error": the symbol carries the meaning at a glance, the word for screen readers and grep. */
export function formatStatus(status: Status): string {
  return `${STATUS_SYMBOL[status]} ${status}`;
}

/** A value for a narrow table cell: 131072 tokens → "128K", 149.9 tokens/s → "150 tok/s", 0.853 → "85%". */
export function formatCompact(value: number | string | null, unit: string): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  switch (unit) {
    case 'tokens':
      return value >= 1024 && value % 1024 === 0 ? `${value / 1024}K` : formatNumber(value, 0);
    case 'tokens/s':
      return `${value >= 1e6 ? `${formatNumber(value / 1e6, 0)}M` : value >= 10_000 ? `${formatNumber(value / 1e3, 0)}K` : formatNumber(value, value >= 100 ? 0 : 1)} tok/s`;
    case 'ratio':
      return `${formatNumber(value * 100, 0)}%`;
    default:
      return formatValue(value, unit);
  }
}

/** `formatStatus` plus `info` for facts that measured fine. */
export function formatShownStatus(status: Status | 'info'): string {
  return status === 'info' ? 'ℹ️ info' : formatStatus(status);
}
