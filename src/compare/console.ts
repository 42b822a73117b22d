// The comparison in a few console lines, regressions first: what a CI log shows when the Markdown
// went to a file or a pipe.
import { changeText, regressionReason, valueText, verdictText } from './describe.js';
import type { Comparison } from './types.js';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function comparisonSummary(comparison: Comparison, options: { failOnMissing?: boolean } = {}): string {
  const { counts, missingModels } = comparison;
  const head = [counts.regressions ? plural(counts.regressions, 'regression') : 'no regression'];
  if (missingModels.length) head.push(`${plural(missingModels.length, 'model')} missing`);
  const lines = [`bench compare: ${head.join(', ')}`];
  for (const m of comparison.metrics.filter((change) => change.regressed)) {
    const change = changeText(m);
    lines.push(
      `  REGRESSION  ${m.model} ${m.suite} ${m.metric}: ${valueText(m.baseline, m.unit)} → ${valueText(m.current, m.unit)}${change ? ` (${change})` : ''}; ${regressionReason(m).replace('🔻 worse: ', '')}`,
    );
  }
  for (const v of comparison.verdicts.filter((verdict) => verdict.regressed)) {
    lines.push(`  REGRESSION  ${v.model} ${v.suite} verdict ${verdictText(v)}`);
  }
  for (const model of missingModels) {
    lines.push(
      `  MISSING     ${model}: in the baseline, not in the current run${options.failOnMissing ? ' (--fail-on-missing)' : ' (pass --fail-on-missing to fail on this)'}`,
    );
  }
  lines.push(
    `  ${plural(counts.improvements, 'improvement')}, ${counts.withinNoise} within noise, ${counts.informational} informational, ${counts.unchanged} unchanged`,
  );
  return `${lines.join('\n')}\n`;
}
