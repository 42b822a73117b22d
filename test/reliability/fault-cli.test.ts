// `bench run` (the built CLI) against a simulator with faults, as a nightly job would meet a broken
// server: the faulted model's records say what happened, the next model is still tested, every
// report file is written, and nothing hangs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { JOURNAL_FILE, readJournal } from '../../src/run/journal.js';
import { startSimulator, type FaultRule, type RunningSimulator } from '../../src/sim/server.js';
import type { ResultRecord, RunFile } from '../../src/types.js';
import { bench, tempDirs } from './helpers.js';

const dirs = tempDirs('bench-fault-cli-');
afterAll(() => dirs.cleanup());
let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

const SUITES = ['throughput', 'tool-use'];

async function runAgainst(
  faults: FaultRule[],
  timeoutSeconds: number,
): Promise<{ code: number | null; stderr: string; out: string; run: RunFile }> {
  sim = await startSimulator({ faults });
  const out = dirs.make();
  const result = await bench(
    [
      'run',
      '--models',
      'sim-good,sim-instant',
      '--suites',
      SUITES.join(','),
      '--reps',
      '1',
      '--timeout',
      String(timeoutSeconds),
      '--parallel',
      '34',
      '--out',
      out,
    ],
    { OLLAMA_HOST: sim.url },
  );
  for (const file of ['run.json', 'results.csv', 'report.md', JOURNAL_FILE])
    expect(existsSync(join(out, file)), file).toBe(true);
  return { ...result, out, run: JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunFile };
}

const recordOf = (records: ResultRecord[], model: string, metric: string) =>
  records.find((r) => r.model === model && r.metric === metric);

describe("bench run with one model's server failing", () => {
  it("connection resets: that model's probes are errors naming the reset, the other model is tested, all files are written", async () => {
    const { code, stderr, out, run } = await runAgainst([{ kind: 'reset', rate: 1, models: ['sim-good'] }], 10);
    // sim-good got no real measurement at all: the run says so and exits 1.
    expect(code).toBe(1);
    expect(stderr).toMatch(/Could not test: sim-good/);
    expect(recordOf(run.records, 'sim-good', 'prefill_tps')).toMatchObject({
      status: 'error',
      detail: expect.stringMatching(/connection reset/),
    });
    expect(recordOf(run.records, 'sim-good', 'tool_use_score')).toMatchObject({
      status: 'error',
      value: null,
      detail: expect.stringMatching(/not measured: \d+ \(connection reset/),
    });
    // The healthy model after it was measured as usual.
    expect(recordOf(run.records, 'sim-instant', 'prefill_tps')?.status).toBe('pass');
    expect(recordOf(run.records, 'sim-instant', 'tool_use_score')?.detail).not.toMatch(/http_error/);
    // Every model × suite that measured something is done in the journal; sim-good's suites got no
    // answer at all (only errors, skips for what Ollama cannot say), so --resume runs them again. The CSV holds the same records.
    const journal = readJournal(join(out, JOURNAL_FILE));
    expect([...journal.done].map((key) => key.replace('\u0000', '/')).sort()).toEqual([
      'sim-instant/throughput',
      'sim-instant/tool-use',
    ]);
    const rows = parse(readFileSync(join(out, 'results.csv'), 'utf8'), { columns: true }) as Array<
      Record<string, string>
    >;
    expect(rows).toHaveLength(run.records.length);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/connection reset/);
  });

  it('a stream that never ends: each request gives up at --timeout with "timed out after 1 s", and the run ends', async () => {
    const { code, run } = await runAgainst([{ kind: 'stall', rate: 1, models: ['sim-good'] }], 1);
    expect(code).toBe(1); // sim-good measured nothing
    expect(recordOf(run.records, 'sim-good', 'decode_tps')).toMatchObject({
      status: 'error',
      detail: expect.stringMatching(/timed out after 1 s/),
    });
    expect(recordOf(run.records, 'sim-instant', 'decode_tps')?.status).toBe('pass');
  });

  it('the server goes away mid-run: later requests say the connection was refused or reset, and the reports keep what was measured', async () => {
    sim = await startSimulator();
    const out = dirs.make();
    const running = bench(
      [
        'run',
        '--models',
        'sim-good,sim-instant',
        '--suites',
        'throughput',
        '--reps',
        '1',
        '--timeout',
        '10',
        '--out',
        out,
      ],
      { OLLAMA_HOST: sim.url },
    );
    // Stop the server once the first record is in (as an OOM-killed `ollama serve` would, mid-suite).
    const journalPath = join(out, JOURNAL_FILE);
    const recordsSoFar = () =>
      existsSync(journalPath)
        ? readFileSync(journalPath, 'utf8')
            .split('\n')
            .filter((line) => line.includes('"kind":"record"')).length
        : 0;
    await expect.poll(recordsSoFar, { timeout: 60_000, interval: 10 }).toBeGreaterThan(0);
    await sim.close();
    sim = null;
    const result = await running;
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunFile;
    // What was measured before the crash is kept; what came after says why it is missing.
    expect(recordOf(run.records, 'sim-good', 'load_ms')?.status).toBe('pass');
    const gone = /connection (refused|reset)/;
    expect(
      run.records.filter((r) => r.model === 'sim-good' && r.status === 'error').map((r) => r.detail),
    ).toContainEqual(expect.stringMatching(gone));
    const later = run.records.filter((r) => r.model === 'sim-instant');
    expect(later.length).toBeGreaterThan(0);
    for (const record of later) expect(record).toMatchObject({ status: 'error', detail: expect.stringMatching(gone) });
    // Every record of sim-instant is an error, and sim-good has only its load time (no verdict on the
    // model): neither was really measured, which a nightly job sees in the exit code.
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Could not test: sim-good, sim-instant/);
    expect(result.stderr).toMatch(/Not finished: sim-good\/throughput, sim-instant\/throughput .*bench run --resume /);
  });
});
