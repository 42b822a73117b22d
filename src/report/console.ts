// The console after a run: the verdict per model and the answer (model, context, launch line).
import { join } from 'node:path';
import { answerLines, answerOf } from './answer.js';
import { suiteVerdicts } from './verdict.js';
import type { RunFile, Status } from '../types.js';

const STATUS_SYMBOL: Record<Status, string> = { pass: 'pass', warn: 'WARN', fail: 'FAIL', error: 'ERROR', skip: 'skip' };

export type SummaryMode = 'full' | 'quiet' | 'json';

export function printRunSummary(run: RunFile, outDir: string, mode: SummaryMode): void {
  const answer = answerOf(run, outDir);
  if (mode === 'json') {
    process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
    return;
  }
  const out: string[] = [];
  if (run.environment.simulated) out.push('SIMULATED — these results come from the built-in simulator, not a real model.');
  if (mode === 'full') {
    for (const [model, suites] of suiteVerdicts(run.records)) {
      out.push(`${model}: ${[...suites].map(([suite, status]) => `${suite} ${STATUS_SYMBOL[status]}`).join(' · ')}`);
    }
  }
  out.push(...answerLines(answer));
  out.push(`${run.environment.interrupted ? 'Partial report' : 'Report'}: ${join(outDir, 'report.md')}`);
  process.stdout.write(`${out.join('\n')}\n`);
}
