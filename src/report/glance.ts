// The numbers at a glance: one row per model, its verdict and the key metric of each suite
// (the columns the suites declare). Rendered by report.md and the console alike.
import type { ModelAnswer } from './answer.js';
import { formatCompact } from './format.js';
import { glanceColumns, shownStatus, type ShownStatus } from './metrics.js';
import { declares } from '../run/metric.js';
import type { ResultRecord, Status } from '../types.js';
import { suitesOf } from './verdict.js';

export interface GlanceCell {
  text: string;
  status: ShownStatus | null;
}

export interface GlanceRow {
  model: string;
  verdict: Status;
  /** The verdict once the model's launch settings are applied (equal to `verdict` when they settle nothing). */
  verdictWithLaunch: Status;
  cells: GlanceCell[];
}

export interface GlanceTable {
  headers: string[];
  rows: GlanceRow[];
}

export function glanceTable(records: readonly ResultRecord[], models: readonly ModelAnswer[]): GlanceTable {
  // Only columns some model has a result for.
  const columns = glanceColumns(suitesOf(records)).filter((column) =>
    records.some((r) => r.suite === column.suite && declares({ name: column.metric }, r.metric)),
  );
  const rows = models.map((model): GlanceRow => {
    const cells = columns.map((column): GlanceCell => {
      const record = records.findLast(
        (r) => r.model === model.model && r.suite === column.suite && declares({ name: column.metric }, r.metric),
      );
      if (!record) return { text: '—', status: null };
      if (record.value === null) return { text: record.status, status: record.status };
      return { text: formatCompact(record.value, record.unit || column.unit), status: shownStatus(record) };
    });
    return { model: model.model, verdict: model.verdict, verdictWithLaunch: model.verdictWithLaunch, cells };
  });
  return { headers: columns.map((c) => c.header), rows };
}
