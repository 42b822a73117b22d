import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRunFile } from '../../src/run/run-file.js';
import { writeReports } from '../../src/report/write.js';
import { record, runOf } from '../helpers/run-fixtures.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('writeReports', () => {
  it('writes run.json, results.csv and report.md and leaves no temporary file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'report-write-'));
    const out = join(dir, 'results', 'run-1');
    const run = runOf(
      [
        record({
          model: 'sim-good',
          suite: 'throughput',
          metric: 'decode_tps',
          value: 12,
          unit: 'tok/s',
          status: 'pass',
        }),
      ],
      true,
    );
    await writeReports(out, run);

    const files = await readdir(out);
    expect(files).toEqual(expect.arrayContaining(['run.json', 'results.csv', 'report.md']));
    expect(files.filter((file) => file.endsWith('.tmp'))).toEqual([]);
    expect(parseRunFile(await readFile(join(out, 'run.json'), 'utf8'), 'run.json')).toEqual(run);
    const csv = await readFile(join(out, 'results.csv'), 'utf8');
    expect(csv.split('\n')).toHaveLength(3);
    expect(csv).toContain('sim-good,throughput,decode_tps,12,tok/s,pass');
    const markdown = await readFile(join(out, 'report.md'), 'utf8');
    expect(markdown).toMatch(/^> \*\*SIMULATED\*\*/);
    // The run has a decode_tps record, so the throughput chart is written and linked.
    expect(files).toContain('chart-throughput.svg');
    expect(markdown).toContain('(chart-throughput.svg)');
  });
});
