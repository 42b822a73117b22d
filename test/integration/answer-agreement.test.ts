// One rule, everywhere: `bench run --json`, run.json's summary, report.md, `bench launch` and
// `bench recommend` say the same model, context and image for a real (simulated) run on disk.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';

const run = promisify(execFile);
let dir = '';
let answer: {
  runId: string;
  recommendation: { model: string; contextTokens: number; launch: { env: Record<string, string>; dockerRun: string } };
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ccb-answer-'));
  const out = join(dir, 'results', 'run-1');
  const { stdout } = await run(
    process.execPath,
    [CLI, 'run', '--sim', '--models', 'sim-good,sim-text-tools', '--reps', '1', '--out', out, '--json'],
    { env: { ...process.env, NO_COLOR: '1' } },
  );
  answer = JSON.parse(stdout);
}, 180_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the answer agrees with itself', () => {
  it('--json is one document with the recommendation; run.json keeps the same object as summary', async () => {
    expect(answer.recommendation.model).toBe('sim-good');
    const stored = JSON.parse(await readFile(join(dir, 'results', 'run-1', 'run.json'), 'utf8'));
    expect(stored.summary.recommendation).toEqual(answer.recommendation);
    expect(Number(answer.recommendation.launch.env.CLAUDE_CODE_MAX_CONTEXT_TOKENS)).toBeLessThanOrEqual(
      answer.recommendation.contextTokens,
    );
  });

  it('report.md opens with the same answer', async () => {
    const report = await readFile(join(dir, 'results', 'run-1', 'report.md'), 'utf8');
    const head = report.split('\n').slice(0, 40).join('\n');
    expect(head).toContain(`**Use \`sim-good\` at ${answer.recommendation.contextTokens} tokens of context**`);
    expect(head).toContain(answer.recommendation.launch.dockerRun);
  });

  it('bench launch gives the same context, window and image', async () => {
    const { stdout } = await run(process.execPath, [
      CLI,
      'launch',
      '--model',
      'sim-good',
      '--results',
      join(dir, 'results'),
      '--json',
    ]);
    const plan = JSON.parse(stdout);
    expect(plan.contextTokens).toBe(answer.recommendation.contextTokens);
    expect(plan.claudeEnv).toEqual(answer.recommendation.launch.env);
    expect(answer.recommendation.launch.dockerRun).toContain(plan.image);
  });

  it('bench launch refuses a misspelt model, naming the closest measured one', async () => {
    const failed = await run(process.execPath, [
      CLI,
      'launch',
      '--model',
      'sim-god',
      '--results',
      join(dir, 'results'),
    ]).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toMatch(
      /^bench: --model sim-god: no run in .* measured it — did you mean sim-good\?/,
    );
  });

  it('bench launch --write never overwrites without --force', async () => {
    const target = join(dir, 'launch');
    await mkdir(target);
    await writeFile(join(target, 'Dockerfile'), 'mine');
    const failed = await run(process.execPath, [
      CLI,
      'launch',
      '--model',
      'sim-good',
      '--results',
      join(dir, 'results'),
      '--write',
      target,
    ]).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2 });
    expect(await readFile(join(target, 'Dockerfile'), 'utf8')).toBe('mine');
    await run(process.execPath, [
      CLI,
      'launch',
      '--model',
      'sim-good',
      '--results',
      join(dir, 'results'),
      '--write',
      target,
      '--force',
    ]);
    expect(await readFile(join(target, 'Dockerfile'), 'utf8')).not.toBe('mine');
  });
});
