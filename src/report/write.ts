// Writes a run's reports into its results directory. Each file appears whole or not at all.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunFile } from '../types.js';
import { renderCharts, type RenderedChart } from './charts.js';
import { toCsv } from './csv.js';
import { REPORT_FILES, toJson } from '../run/run-file.js';
import { toMarkdown, type MarkdownOptions } from './markdown.js';
import { answerOf } from './answer.js';
import { errorMessage } from '../shared/errors.js';

export { REPORT_FILES } from '../run/run-file.js';

/** Writes to a temporary file in the same directory, then renames it over the target (atomic on one filesystem). */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Charts are a nicety: if rendering fails, the reports are still written, without charts. */
async function chartsOrNone(run: RunFile): Promise<RenderedChart[]> {
  try {
    return await renderCharts(run);
  } catch (error) {
    process.emitWarning(`charts were not rendered: ${errorMessage(error)}`);
    return [];
  }
}

/** Writes run.json (with the answer as `summary`), results.csv, the chart SVGs and report.md (last, so its chart links resolve). */
export async function writeReports(
  dir: string,
  run: RunFile,
  markdown: Pick<MarkdownOptions, 'banner' | 'notes'> = {},
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, REPORT_FILES.json), toJson({ ...run, summary: answerOf(run, dir) }));
  await writeFileAtomic(join(dir, REPORT_FILES.csv), toCsv(run.records));
  const charts = await chartsOrNone(run);
  for (const chart of charts) await writeFileAtomic(join(dir, chart.file), chart.svg);
  await writeFileAtomic(join(dir, REPORT_FILES.markdown), toMarkdown(run, { ...markdown, charts, outDir: dir }));
}
