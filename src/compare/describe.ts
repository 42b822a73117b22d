// One metric change in words, shared by the Markdown and the console summary (plain text: the
// Markdown escapes it).
import { formatNumber, formatValue } from '../report/format.js';
import type { MetricChange, Side, VerdictChange } from './types.js';

/** "150 tokens/s", "—" for a side that has no record. */
export function valueText(side: Side | null, unit: string): string {
  return side ? formatValue(side.value, unit) : '—';
}

/** "-75 (-50%)"; empty unless both sides are numbers. */
export function changeText(change: MetricChange): string {
  if (change.delta === null || change.relativeChange === null) return '';
  const sign = change.delta > 0 ? '+' : '';
  const relative = Number.isFinite(change.relativeChange)
    ? ` (${sign}${formatNumber(Math.sign(change.delta) * change.relativeChange * 100, 1)}%)`
    : '';
  return `${sign}${formatNumber(change.delta)}${relative}`;
}

/** Why a regression counts: the value got worse beyond its floors, and/or its status dropped. */
export function regressionReason(change: MetricChange): string {
  const reasons: string[] = [];
  if (change.outcome === 'regression') {
    const direction = change.direction === 'higher' ? 'fell' : 'rose';
    const time = change.noise?.sampleMs;
    const timed =
      time && time.baseline !== null && time.current !== null
        ? `; each sample took ${formatValue(time.baseline, 'ms')} → ${formatValue(time.current, 'ms')}`
        : '';
    reasons.push(`🔻 worse: ${direction} beyond every noise floor${timed}`);
  }
  if (change.statusDropped && change.baseline && change.current)
    reasons.push(
      `${reasons.length ? '' : '🔻 worse: '}status dropped ${change.baseline.status} → ${change.current.status}`,
    );
  return reasons.join('; ');
}

/** Why a change does not count. */
export function noiseReason(change: MetricChange): string {
  if (change.borderline && change.baseline && change.current) {
    return `status ${change.baseline.status} → ${change.current.status} at a pass line, but the value ${change.noise?.reason ?? 'moved within noise'}`;
  }
  if (change.outcome === 'changed')
    return change.direction === 'info' ? 'informational: neither higher nor lower is better' : 'a text value changed';
  return change.noise?.reason ?? '';
}

/** "sim-good throughput verdict pass → warn". */
export function verdictText(verdict: VerdictChange): string {
  return `${verdict.baseline ?? 'not run'} → ${verdict.current ?? 'not run'}`;
}
