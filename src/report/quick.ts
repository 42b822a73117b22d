// The mark a --quick run carries in report.md: what it measured, and what it left out (no verdict).
import { isQuickSkip } from '../run/quick.js';
import type { ResultRecord } from '../types.js';
import { escapeMarkdownCell } from './escape.js';

export const QUICK_SUMMARY =
  'one repetition, the core tool-use probes, the server context and whether Claude Code’s prompt fits, no effective-context ladder';

export function quickNote(records: readonly ResultRecord[]): string {
  const skipped = [...new Set(records.filter(isQuickSkip).map((r) => `${r.suite} / ${r.metric}`))];
  const left = skipped.length
    ? ` Not measured, so no verdict on them: ${skipped.map((s) => escapeMarkdownCell(s)).join(', ')}.`
    : '';
  return `> **Quick run** (\`--quick\`): ${QUICK_SUMMARY}.${left} Run without \`--quick\` for the full report.`;
}
