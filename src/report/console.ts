// The console after a run: a numbers table (model × key metrics, llama-bench style, verdicts in
// colour on a TTY), then the answer (model, context, launch lines) and where the report is.
import { join } from 'node:path';
import { answerLines, answerOf, type RunAnswer } from './answer.js';
import { colourWanted, paint } from './colour.js';
import { glanceTable, type GlanceCell } from './glance.js';
import { QUICK_SUMMARY } from './quick.js';
import type { RunFile, Status } from '../types.js';

export type SummaryMode = 'full' | 'quiet' | 'json';

const MARK = { warn: '!', fail: '✗' } as const;

const pad = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - [...text].length));

/** The numbers table as plain-text lines; `colour` paints each cell by its status. */
export function numbersTable(run: RunFile, answer: RunAnswer, colour: boolean): string[] {
  const glance = glanceTable(run.records, answer.models);
  if (glance.rows.length === 0) return [];
  const verdictCell = (verdict: Status, withLaunch: Status): GlanceCell & { plain: string } =>
    verdict === withLaunch
      ? { text: verdict, plain: verdict, status: verdict }
      : { text: `${verdict} → ${withLaunch}`, plain: `${verdict} → ${withLaunch}`, status: withLaunch };
  // Without colour a short mark carries the status: "5 tok/s ✗", "32K !".
  const marked = (cell: GlanceCell): GlanceCell =>
    colour || !cell.status || !(cell.status in MARK) || cell.text === cell.status
      ? cell
      : { ...cell, text: `${cell.text} ${MARK[cell.status as keyof typeof MARK]}` };
  const rows = glance.rows.map(
    (row) =>
      [
        { text: row.model, status: null },
        verdictCell(row.verdict, row.verdictWithLaunch),
        ...row.cells.map(marked),
      ] as GlanceCell[],
  );
  const headers = ['model', 'verdict', ...glance.headers];
  const widths = headers.map((header, i) =>
    Math.max([...header].length, ...rows.map((row) => [...row[i].text].length)),
  );
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const legend = colour
    ? []
    : ['(! warn, ✗ fail; "a → b": the verdict as served now → with the launch settings below)'];
  return [
    line(headers.map((header, i) => pad(header, widths[i]))),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map((row) =>
      line(
        row.map((cell, i) =>
          paint(
            pad(cell.text, widths[i]),
            cell.status === 'pass' || cell.status === 'info' ? (i === 1 ? cell.status : null) : cell.status,
            colour,
          ),
        ),
      ),
    ),
    ...legend,
  ];
}

export function printRunSummary(
  run: RunFile,
  outDir: string,
  mode: SummaryMode,
  stdout: NodeJS.WriteStream = process.stdout,
): void {
  const answer = answerOf(run, outDir);
  if (mode === 'json') {
    stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
    return;
  }
  const colour = colourWanted(stdout);
  const out: string[] = [];
  if (run.environment.simulated)
    out.push('SIMULATED — these results come from the built-in simulator, not a real model.');
  if (run.options.quick)
    out.push(
      `QUICK run — ${QUICK_SUMMARY}; what it left out is no verdict (skip). Run without --quick for the full report.`,
    );
  if (mode === 'full') {
    out.push(...numbersTable(run, answer, colour));
    if (run.environment.interrupted)
      out.push(paint('Interrupted: only what finished is shown; nothing here is a complete verdict.', 'warn', colour));
    out.push('');
  }
  out.push(...answerLines(answer));
  out.push(`${run.environment.interrupted ? 'Partial report' : 'Report'}: ${join(outDir, 'report.md')}`);
  stdout.write(`${out.join('\n')}\n`);
}
