// The model server dies, freezes or the run is stopped mid-suite, as a hostile night would have it:
// no partial answer scores a verdict, the run exits 1 when a model went unmeasured, and --resume
// (after the server is back) ends with the records a clean run makes, modulo timings.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MIN_COVERAGE } from '../../src/run/coverage.js';
import { JOURNAL_FILE } from '../../src/run/journal.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';
import type { ResultRecord, RunFile } from '../../src/types.js';
import { SIM_VRAM_BYTES } from '../../src/cli/simulator-settings.js';
import { CLI } from '../helpers/cli.js';
import { bench, tempDirs, type CliResult } from './helpers.js';

const dirs = tempDirs('bench-fault-resume-');
const MODELS = 'sim-good,sim-text-tools';
const SUITES = 'throughput,tool-use,context,memory';
const runArgs = (out: string, extra: string[] = []) => [
  'run',
  '--models',
  MODELS,
  '--suites',
  SUITES,
  '--reps',
  '1',
  '--out',
  out,
  ...extra,
];

const readRun = (out: string): RunFile => JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunFile;
const journalText = (out: string) =>
  existsSync(join(out, JOURNAL_FILE)) ? readFileSync(join(out, JOURNAL_FILE), 'utf8') : '';
const began = (out: string, model: string, suite: string) =>
  journalText(out).includes(`"kind":"begin","model":"${model}","suite":"${suite}"`);

/** What a record says, without what a clock decides: time, timing values, and details quoting them. */
const TIMING_UNITS = new Set(['ms', 's', 'tokens/s']);
const comparable = (records: readonly ResultRecord[]) =>
  records.map(
    (r) =>
      `${r.model}/${r.suite}/${r.metric}: ${r.status} ${TIMING_UNITS.has(r.unit) ? '(timing)' : JSON.stringify(r.value)}`,
  );

/** No record may give a verdict from fewer than 80% of its probes answered. */
function expectNoVerdictFromPartialAnswers(records: readonly ResultRecord[]): void {
  for (const record of records) {
    const coverage = record.data?.coverage as { answered: number; asked: number } | undefined;
    if (!coverage || !['pass', 'warn', 'fail'].includes(record.status)) continue;
    expect(
      coverage.answered / coverage.asked,
      `${record.model}/${record.metric} ${record.status} from ${coverage.answered} of ${coverage.asked}`,
    ).toBeGreaterThanOrEqual(MIN_COVERAGE);
  }
}

/** Every scored metric of these suites carries its counts. */
function expectCountsOnEveryVerdict(records: readonly ResultRecord[]): void {
  const informational = new Set(['load_ms', 'suite_model_seconds', 'prediction_error']);
  for (const record of records.filter(
    (r) => ['pass', 'warn', 'fail'].includes(r.status) && !informational.has(r.metric),
  )) {
    expect(record.data?.coverage, `${record.model}/${record.metric}`).toMatchObject({
      answered: expect.any(Number),
      asked: expect.any(Number),
    });
  }
}

/** As `bench sim` serves it (24 GiB simulated VRAM), so the in-process and the separate simulator agree. */
const SIM_SETTINGS = { vramBytes: SIM_VRAM_BYTES };

let sim: RunningSimulator | null = null;
let cleanRecords: string[] = [];
beforeAll(async () => {
  // The clean run every faulted run must end up equal to.
  sim = await startSimulator(SIM_SETTINGS);
  const out = join(dirs.make(), 'clean');
  const clean = await bench(runArgs(out), { OLLAMA_HOST: sim.url }, 180_000);
  expect(clean.code, clean.stderr).toBe(0);
  const run = readRun(out);
  expectCountsOnEveryVerdict(run.records);
  cleanRecords = comparable(run.records);
  await sim.close();
  sim = null;
}, 200_000);
afterEach(async () => {
  await sim?.close();
  sim = null;
});
afterAll(() => dirs.cleanup());

describe('the model server is killed mid-run', () => {
  it('no pass from partial answers, exit 1 for the unmeasured model, and --resume after a restart equals a clean run', async () => {
    sim = await startSimulator(SIM_SETTINGS);
    const { port } = sim;
    const out = join(dirs.make(), 'run');
    const running = bench(runArgs(out), { OLLAMA_HOST: sim.url }, 180_000);
    // Kill it a few probes into sim-good's tool-use suite.
    await expect.poll(() => began(out, 'sim-good', 'tool-use'), { timeout: 60_000, interval: 20 }).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 800));
    await sim.close();
    sim = null;
    const first = await running;
    expect(first.code, first.stderr).toBe(1);
    expect(first.stderr).toMatch(/Could not test: sim-text-tools/);
    expect(first.stderr).toMatch(/Not finished: sim-good\/tool-use, .*bench run --resume /);
    const partial = readRun(out).records;
    expectNoVerdictFromPartialAnswers(partial);
    expect(partial.find((r) => r.model === 'sim-good' && r.metric === 'tool_use_score')).toMatchObject({
      status: 'error',
      value: null,
      detail: expect.stringMatching(/^measured \d+ of 34 \(below 80%: no verdict\): the server stopped answering/),
    });
    // Nothing of the dead server's suites claims a pass.
    expect(partial.filter((r) => r.model === 'sim-text-tools' && r.status === 'pass')).toEqual([]);

    // The server comes back where it was; two resumes (the second has nothing left to do) end clean.
    sim = await startSimulator({ ...SIM_SETTINGS, port });
    for (const attempt of [1, 2]) {
      const resumed = await bench(['run', '--resume', out], { OLLAMA_HOST: sim.url }, 180_000);
      expect(resumed.code, `resume ${attempt}: ${resumed.stderr}`).toBe(0);
      expect(resumed.stderr).not.toMatch(/Not finished/);
      expect(comparable(readRun(out).records)).toEqual(cleanRecords);
    }
  }, 300_000);
});

/** `bench sim` in its own process, so it can be frozen with SIGSTOP. */
async function simProcess(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, 'sim', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(text);
      if (match) resolve(match[1]);
    });
    child.once('exit', () => reject(new Error(`bench sim exited: ${text}`)));
  });
  return { child, url };
}

describe('the model server freezes (SIGSTOP) for longer than --timeout', () => {
  let server: ChildProcess | null = null;
  afterEach(() => {
    server?.kill('SIGCONT');
    server?.kill('SIGTERM');
    server = null;
  });

  it('timed-out probes count as asked, not answered: no verdict from the few answers, and --resume equals a clean run', async () => {
    const started = await simProcess();
    server = started.child;
    const out = join(dirs.make(), 'run');
    const running = bench(runArgs(out, ['--timeout', '5']), { OLLAMA_HOST: started.url }, 240_000);
    await expect.poll(() => began(out, 'sim-good', 'tool-use'), { timeout: 60_000, interval: 20 }).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 800));
    server.kill('SIGSTOP');
    // Long enough for a few requests to time out one after another.
    await new Promise((resolve) => setTimeout(resolve, 16_000));
    server.kill('SIGCONT');
    const first: CliResult = await running;
    const partial = readRun(out).records;
    expectNoVerdictFromPartialAnswers(partial);
    const timedOut = partial.filter(
      (r) => r.model === 'sim-good' && r.suite === 'tool-use' && /requests timed out/.test(r.detail),
    );
    expect(timedOut.length, first.stderr).toBeGreaterThan(0);
    for (const record of timedOut) expect(record).toMatchObject({ status: 'error', value: null });
    expect(first.stderr).toMatch(/Not finished: sim-good\/tool-use/);

    const resumed = await bench(['run', '--resume', out], { OLLAMA_HOST: started.url }, 180_000);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(comparable(readRun(out).records)).toEqual(cleanRecords);
  }, 300_000);
});

describe('the run is stopped during a suite', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s: exits %i, and the stopped suite shows no pass in --json, the console or report.md',
    async (signal, code) => {
      sim = await startSimulator(SIM_SETTINGS);
      const out = join(dirs.make(), 'run');
      const child = spawn(process.execPath, [CLI, ...runArgs(out, ['--json'])], {
        env: { ...process.env, CI: 'true', OLLAMA_HOST: sim.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      await expect.poll(() => began(out, 'sim-good', 'tool-use'), { timeout: 60_000, interval: 20 }).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 800));
      child.kill(signal);
      const exit = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(exit, stderr).toBe(code);
      const answer = JSON.parse(stdout) as { models: Array<{ model: string; suites: Record<string, string> }> };
      expect(answer.models.find((m) => m.model === 'sim-good')?.suites['tool-use']).toBe('error');
      const run = readRun(out);
      expect(run.environment.interrupted).toBe(true);
      expect(run.records.find((r) => r.model === 'sim-good' && r.metric === 'suite_interrupted')).toMatchObject({
        status: 'error',
        suite: 'tool-use',
      });
      expectNoVerdictFromPartialAnswers(run.records);
      // The matrix row of sim-good: throughput measured, tool-use not a pass.
      const row =
        readFileSync(join(out, 'report.md'), 'utf8')
          .split('\n')
          .find((line) => line.startsWith('| sim-good |')) ?? '';
      expect(row).not.toBe('');
      expect(row.split('|')[3]).not.toMatch(/pass/);
      expect(stderr).toMatch(/Not finished: sim-good\/tool-use.*bench run --resume /);
    },
    120_000,
  );
});
