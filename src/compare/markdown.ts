// The comparison as Markdown, in the order a reader of a red build needs it: the headline, the
// regressions, what is missing from the current run, the improvements, what moved within noise
// (folded), and how much did not change.
import { escapeMarkdownCell } from '../report/escape.js';
import { formatNumber, formatStatus } from '../report/format.js';
import { changeText, noiseReason, regressionReason, valueText, verdictText } from './describe.js';
import type { Comparison, MetricChange, Side } from './types.js';

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const cell = (text: string): string => escapeMarkdownCell(text);
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function sideCell(side: Side | null, unit: string): string {
  if (!side) return '—';
  const spread = side.mad ? ` ±${formatNumber(side.mad)}` : '';
  return `${cell(valueText(side, unit))}${spread} ${formatStatus(side.status)}`;
}

function metricRow(change: MetricChange, why: string): string[] {
  return [
    cell(change.model),
    change.suite,
    cell(change.metric),
    sideCell(change.baseline, change.unit),
    sideCell(change.current, change.unit),
    changeText(change),
    cell(why),
  ];
}

const METRIC_HEADER = ['Model', 'Suite', 'Metric', 'Baseline', 'Current', 'Change', 'Why'];

function ruleLine(comparison: Comparison): string {
  const { threshold, noiseFactor, timeFloorMs, singleSampleFactor } = comparison;
  return [
    `- **Rule:** a value is worse or better only when it moved more than ${formatNumber(threshold * 100, 2)}%,`,
    `more than ${noiseFactor} × (MAD baseline + MAD current) where it was repeated, and — for timings — when the measured time itself moved at least ${formatNumber(timeFloorMs)} ms`,
    `(a timing measured once: ${singleSampleFactor}× or more). A status or suite verdict that got worse is a regression, unless the value only moved within noise at a pass line.`,
  ].join(' ');
}

function headline(comparison: Comparison): string {
  const { counts, missingModels } = comparison;
  const parts = [counts.regressions > 0 ? `**${plural(counts.regressions, 'regression')}.**` : '**No regression.**'];
  if (missingModels.length) parts.push(`**${plural(missingModels.length, 'model')} missing from the current run.**`);
  parts.push(
    `${plural(counts.improvements, 'improvement')}, ${counts.withinNoise} within noise, ${counts.informational} informational, ${counts.unchanged} unchanged.`,
  );
  return parts.join(' ');
}

function regressionsSection(comparison: Comparison): string[] {
  const metrics = comparison.metrics.filter((m) => m.regressed).map((m) => metricRow(m, regressionReason(m)));
  const verdicts = comparison.verdicts
    .filter((v) => v.regressed)
    .map((v) => [
      cell(v.model),
      v.suite,
      '(suite verdict)',
      v.baseline ? formatStatus(v.baseline) : '— not run',
      v.current ? formatStatus(v.current) : '— not run',
      '',
      cell(`verdict ${verdictText(v)}`),
    ]);
  const rows = [...metrics, ...verdicts];
  return rows.length ? ['', '## Regressions', '', table(METRIC_HEADER, rows)] : [];
}

/** Suites a compared model ran in the baseline and not in the current run: model → suites. */
function suitesNotRun(comparison: Comparison): Map<string, string[]> {
  const ran = new Set(comparison.metrics.filter((m) => m.current !== null).map((m) => `${m.model}\u0000${m.suite}`));
  const notRun = new Map<string, string[]>();
  for (const m of comparison.metrics) {
    if (m.outcome !== 'missing' || ran.has(`${m.model}\u0000${m.suite}`)) continue;
    const suites = notRun.get(m.model) ?? [];
    if (!suites.includes(m.suite)) notRun.set(m.model, [...suites, m.suite]);
  }
  return notRun;
}

function missingSection(comparison: Comparison): string[] {
  const lines = comparison.missingModels.map(
    (model) =>
      `- **${cell(model)}** was tested in the baseline and not in the current run: it could not be compared (\`--fail-on-missing\` fails on this).`,
  );
  const notRun = suitesNotRun(comparison);
  for (const [model, suites] of notRun)
    lines.push(`- **${cell(model)}**: ${suites.join(', ')} not run in the current run.`);
  const metrics = comparison.metrics.filter((m) => m.outcome === 'missing' && !notRun.get(m.model)?.includes(m.suite));
  if (!lines.length && !metrics.length) return [];
  const out = ['', '## Missing from the current run', '', ...lines];
  if (metrics.length) {
    if (lines.length) out.push('');
    out.push(`Metrics a suite that ran did not record this time (${metrics.length}):`, '');
    out.push(
      table(
        ['Model', 'Suite', 'Metric', 'Baseline'],
        metrics.map((m) => [cell(m.model), m.suite, cell(m.metric), sideCell(m.baseline, m.unit)]),
      ),
    );
  }
  return out;
}

function improvementsSection(comparison: Comparison): string[] {
  const rows = comparison.metrics
    .filter((m) => !m.regressed && m.outcome === 'improvement')
    .map((m) => metricRow(m, `🔺 better: ${m.direction === 'higher' ? 'rose' : 'fell'} beyond every noise floor`));
  return rows.length ? ['', '## Improvements', '', table(METRIC_HEADER, rows)] : [];
}

function noiseSection(comparison: Comparison): string[] {
  const quiet = comparison.metrics.filter(
    (m) =>
      !m.regressed &&
      (m.borderline || m.outcome === 'within-noise' || m.outcome === 'within-threshold' || m.outcome === 'changed'),
  );
  if (!quiet.length) return [];
  const table_ = table(
    METRIC_HEADER,
    quiet.map((m) => metricRow(m, noiseReason(m))),
  );
  return [
    '',
    `<details><summary>Moved within noise, or informational (${quiet.length})</summary>`,
    '',
    table_,
    '',
    '</details>',
  ];
}

function verdictsSection(comparison: Comparison): string[] {
  // A suite not run now is listed under Missing; this table is for verdicts that really moved.
  const others = comparison.verdicts.filter((v) => !v.regressed && v.current !== null);
  if (!others.length) return [];
  const rows = others.map((v) => [
    cell(v.model),
    v.suite,
    v.baseline ? formatStatus(v.baseline) : '— not run',
    v.current ? formatStatus(v.current) : '— not run',
    v.borderline
      ? 'dropped at a pass line (within noise): not counted'
      : v.dropped
        ? '**dropped**: counted with its metrics under Regressions'
        : 'better or not comparable',
  ]);
  return ['', '## Other suite verdicts that changed', '', table(['Model', 'Suite', 'Baseline', 'Current', ''], rows)];
}

function tailLines(comparison: Comparison): string[] {
  const { counts, newModels } = comparison;
  const lines = ['', `**Unchanged:** ${plural(counts.unchanged, 'metric')}.`];
  if (counts.newMetrics)
    lines.push('', `**New metrics in the current run:** ${counts.newMetrics} (nothing to compare them with).`);
  if (newModels.length)
    lines.push('', `**New models in the current run (not compared):** ${newModels.map(cell).join(', ')}`);
  return lines;
}

export function comparisonToMarkdown(comparison: Comparison): string {
  const { baseline, current } = comparison;
  const simulated = (side: { simulated: boolean }) => (side.simulated ? ' (SIMULATED)' : '');
  const lines = [
    '# claude-code-bench compare',
    '',
    `- **Baseline:** ${cell(baseline.runId)}${simulated(baseline)}`,
    `- **Current:** ${cell(current.runId)}${simulated(current)}`,
    ruleLine(comparison),
    '',
    headline(comparison),
    ...regressionsSection(comparison),
    ...missingSection(comparison),
    ...improvementsSection(comparison),
    ...verdictsSection(comparison),
    ...noiseSection(comparison),
    ...tailLines(comparison),
  ];
  return `${lines.join('\n')}\n`;
}
