// results.csv: one row per model × suite × metric. `advice` and `data` live in run.json only.
import { stringify } from 'csv-stringify/sync';
import type { ResultRecord } from '../types.js';
import { escapeCsvCell } from './escape.js';

/** The header of results.csv, in order; CI and spreadsheets rely on it. */
export const CSV_COLUMNS = ['run_id', 'model', 'suite', 'metric', 'value', 'unit', 'status', 'detail'] as const;

export function toCsv(records: readonly ResultRecord[]): string {
  const rows = records.map((record) => CSV_COLUMNS.map((column) => escapeCsvCell(record[column])));
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'unix' });
}
