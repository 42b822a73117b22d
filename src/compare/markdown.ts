// The comparison as Markdown: a headline, then only what changed (suite verdicts, then metrics).
import { escapeMarkdownCell } from '../report/escape.js';
import { formatNumber, formatStatus, formatValue } from '../report/format.js';
import type { Comparison, MetricChange, MetricOutcome, Side } from './types.js';
import { table } from '../report/markdown.js';

const OUTCOME_LABEL: Readonly<Record<MetricOutcome, string>> = {
  regression: '🔻 worse',
  improvement: '🔺 better',
  'within-noise': 'within noise',
  'within-threshold': 'below threshold',
  changed: 'changed (informational)',
  unchanged: 'unchanged',
  missing: 'missing now',
  new: 'new',
};


function sideText(side: Side | null, unit: string): string {
  if (!side) return '—';
  const spread = side.mad ? ` ±${formatNumber(side.mad)}` : '';
  return `${escapeMarkdownCell(formatValue(side.value, unit))}${spread} ${formatStatus(side.status)}`;
}

function changeText(change: MetricChange): string {
  if (change.delta === null || change.relativeChange === null) return '';
  const sign = change.delta > 0 ? '+' : '';
  const relative = Number.isFinite(change.relativeChange) ? ` (${sign}${formatNumber(Math.sign(change.delta) * change.relativeChange * 100, 1)}%)` : '';
  return `${sign}${formatNumber(change.delta)}${relative}`;
}

function outcomeText(change: MetricChange): string {
  const label = OUTCOME_LABEL[change.outcome];
  return change.statusDropped ? `${label}; **status dropped**` : label;
}

function isRegression(change: MetricChange): boolean {
  return change.outcome === 'regression' || change.statusDropped;
}

export function comparisonToMarkdown(comparison: Comparison): string {
  const { baseline, current, threshold, noiseFactor } = comparison;
  const simulated = (side: { simulated: boolean }) => (side.simulated ? ' (SIMULATED)' : '');
  const lines = [
    '# claude-code-bench compare',
    '',
    `- **Baseline:** ${escapeMarkdownCell(baseline.runId)}${simulated(baseline)}`,
    `- **Current:** ${escapeMarkdownCell(current.runId)}${simulated(current)}`,
    `- **Rule:** a value is worse or better only when it moved more than ${formatNumber(threshold * 100, 2)}% and, for repeated measurements, more than ${noiseFactor} × (MAD baseline + MAD current); a status or suite verdict that got worse is always a regression.`,
    '',
    comparison.regressions > 0 ? `**${comparison.regressions} regression(s).**` : '**No regression.**',
  ];
  const verdicts = comparison.verdicts.map((v) => [
    escapeMarkdownCell(v.model),
    v.suite,
    v.baseline ? formatStatus(v.baseline) : '— not run',
    v.current ? formatStatus(v.current) : '— not run',
    v.dropped ? '**dropped**' : '',
  ]);
  if (verdicts.length) lines.push('', '## Suite verdicts that changed', '', table(['Model', 'Suite', 'Baseline', 'Current', ''], verdicts));
  // Regressions first, so the reason for a red build is at the top.
  const changed = comparison.metrics.filter((m) => m.outcome !== 'unchanged' || m.statusDropped);
  const ordered = [...changed.filter(isRegression), ...changed.filter((m) => !isRegression(m))];
  const rows = ordered.map((m) => [
    escapeMarkdownCell(m.model),
    m.suite,
    escapeMarkdownCell(m.metric),
    sideText(m.baseline, m.unit),
    sideText(m.current, m.unit),
    changeText(m),
    outcomeText(m),
  ]);
  lines.push('', '## Metrics that changed', '');
  lines.push(rows.length ? table(['Model', 'Suite', 'Metric', 'Baseline', 'Current', 'Change', 'Outcome'], rows) : 'None.');
  if (comparison.missingModels.length) lines.push('', `**Only in the baseline (not compared):** ${comparison.missingModels.map((m) => escapeMarkdownCell(m)).join(', ')}`);
  if (comparison.newModels.length) lines.push('', `**New in the current run (not compared):** ${comparison.newModels.map((m) => escapeMarkdownCell(m)).join(', ')}`);
  return `${lines.join('\n')}\n`;
}
