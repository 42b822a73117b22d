// `bench compare` on real runs, as a nightly uses it: two `bench run --sim` of the same build (every
// simulated model, default suites) must compare clean however the loaded machine moves the clock,
// and a build whose model decodes at half the speed must be caught.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../../src/compare/types.js';
import { findProfile, simModelNames, startSimulator } from '../../src/sim/index.js';
import { CLI } from '../helpers/cli.js';

const exec = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'bench-compare-runs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const dir = (name: string) => join(work, name);

interface Finished {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built CLI; a full simulated run takes minutes on a loaded 2-core machine, hence the long timeout. */
async function bench(args: string[]): Promise<Finished> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], {
      env: { ...process.env, CI: 'true' },
      timeout: 600_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string; message?: string };
    return {
      code: typeof e.code === 'number' ? e.code : -1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? e.message ?? '',
    };
  }
}

async function mustRun(args: string[]): Promise<void> {
  const result = await bench(args);
  // Exit 1 is a verdict (some simulated models are broken on purpose), not a failure of the run.
  if (result.code !== 0 && result.code !== 1)
    throw new Error(`bench ${args.join(' ')} exited ${result.code}: ${result.stderr.slice(-2000)}`);
}

const json = (result: Finished): Comparison => JSON.parse(result.stdout) as Comparison;

beforeAll(async () => {
  // The same build twice against the same simulator: every sim model, the default suites.
  await mustRun(['run', '--sim', '--out', dir('first')]);
  await mustRun(['run', '--sim', '--out', dir('second')]);
  // One model, the throughput suite: a baseline for the slow build, and a current run missing models.
  await mustRun(['run', '--sim', '--models', 'sim-good', '--suites', 'throughput', '--out', dir('good')]);
  // A slower build: sim-good served by a simulator whose sim-good decodes at half its speed.
  const good = findProfile('sim-good');
  if (!good) throw new Error('no sim-good profile');
  const speed = good.decodeTokensPerSecond;
  good.decodeTokensPerSecond = speed / 2;
  const sim = await startSimulator({ vramBytes: 24 * 1024 ** 3 });
  try {
    await mustRun(['run', '--host', sim.url, '--models', 'sim-good', '--suites', 'throughput', '--out', dir('slow')]);
  } finally {
    good.decodeTokensPerSecond = speed;
    await sim.close();
  }
}, 1_500_000);

describe('bench compare of two runs of the same build against the simulator', () => {
  it('finds no regression and exits 0, in JSON and in Markdown', async () => {
    const result = await bench(['compare', dir('first'), dir('second'), '--json']);
    const comparison = json(result);
    const regressed = comparison.metrics
      .filter((m) => m.regressed)
      .map((m) => `${m.model} ${m.metric} ${String(m.baseline?.value)} → ${String(m.current?.value)}`);
    expect(regressed).toEqual([]);
    expect(comparison.verdicts.filter((v) => v.regressed)).toEqual([]);
    expect(comparison.regressions).toBe(0);
    expect(result.code).toBe(0);
    expect(comparison.missingModels).toEqual([]);
    // Every simulated model was compared, metric by metric.
    expect(new Set(comparison.metrics.map((m) => m.model))).toEqual(new Set(simModelNames()));
    const markdown = await bench(['compare', dir('first'), dir('second'), '--fail-on-missing']);
    expect(markdown.code, markdown.stdout).toBe(0);
    expect(markdown.stdout).toContain('**No regression.**');
    // stdout is a pipe here: the summary goes to stderr.
    expect(markdown.stderr).toContain('bench compare: no regression');
  });
});

describe('bench compare of a slower build', () => {
  it('finds the 2× slower decode as a regression, lists it first and exits 1', async () => {
    const result = await bench(['compare', dir('good'), dir('slow'), '--json']);
    expect(result.code).toBe(1);
    const comparison = json(result);
    const decode = comparison.metrics.find((m) => m.model === 'sim-good' && m.metric === 'decode_tps');
    expect(decode?.outcome).toBe('regression');
    expect(decode?.regressed).toBe(true);
    expect(Number(decode?.current?.value)).toBeLessThan(Number(decode?.baseline?.value) * 0.6);
    const markdown = await bench(['compare', dir('good'), dir('slow')]);
    expect(markdown.code).toBe(1);
    const firstSection = markdown.stdout.split('\n').find((line) => line.startsWith('## '));
    expect(firstSection).toBe('## Regressions');
    const regressionRows = markdown.stdout
      .slice(markdown.stdout.indexOf('## Regressions'))
      .split('\n')
      .filter((line) => line.startsWith('| sim-good'));
    expect(regressionRows[0]).toContain('decode\\_tps');
    expect(markdown.stderr).toMatch(/REGRESSION {2}sim-good throughput decode_tps/);
  });
});

describe('bench compare with a model missing from the current run', () => {
  it('reports it in Markdown and on the console; exits 0 without --fail-on-missing and 1 with it', async () => {
    const plain = await bench(['compare', dir('first'), dir('good')]);
    expect(plain.stdout).toContain('## Missing from the current run');
    expect(plain.stdout).toContain('**sim-slow** was tested in the baseline and not in the current run');
    expect(plain.stderr).toContain('MISSING     sim-slow');
    const comparison = json(await bench(['compare', dir('first'), dir('good'), '--json']));
    expect(comparison.missingModels).toHaveLength(simModelNames().length - 1);
    expect(plain.code).toBe(comparison.regressions > 0 ? 1 : 0);
    const failing = await bench(['compare', dir('first'), dir('good'), '--fail-on-missing']);
    expect(failing.code).toBe(1);
  });
});

describe('bench compare into a pipe that closes early', () => {
  it.each(['--json', '--threshold=10%'])(
    '`compare A B %s | head -1` prints one line and exits quietly (no EPIPE trace)',
    async (flag) => {
      const command = `"${process.execPath}" "${CLI}" compare "${dir('first')}" "${dir('second')}" ${flag} | head -1; exit "\${PIPESTATUS[0]}"`;
      const result = await exec('bash', ['-c', command]).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code: number; stdout: string; stderr: string }) => ({
          code: error.code,
          stdout: error.stdout,
          stderr: error.stderr,
        }),
      );
      expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(/EPIPE|node:events|\n\s+at /);
      expect(result.code).toBe(0);
    },
  );
});
