// .github/scripts/plan.mjs: the nightly's model matrix, runner labels and suites.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, workflowScript } from '../ci/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'bench-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function plan(
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; outputs: Record<string, string>; stderr: string }> {
  const { code, stdout, stderr } = await workflowScript('plan.mjs', [], {
    INPUT_MODELS: '',
    INPUT_SUITES: '',
    BENCH_RUNNER: '',
    MODELS_FILE: '',
    ...env,
  });
  const outputs = Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return { code, outputs, stderr };
}

describe('plan.mjs', () => {
  it('reads bench.models.json by default: one matrix entry per model, and it may become the baseline', async () => {
    const file = JSON.parse(readFileSync(join(REPO_ROOT, 'bench.models.json'), 'utf8')) as {
      models: string[];
      suites?: string;
    };
    const { code, outputs } = await plan({});
    expect(code).toBe(0);
    expect(JSON.parse(outputs.matrix).include.map((entry: { model: string }) => entry.model)).toEqual(file.models);
    expect(outputs.suites).toBe(file.suites ?? '');
    expect(outputs.from_file).toBe('true');
    expect(JSON.parse(outputs.runner)).toBe('ubuntu-latest');
  });

  it('takes the models input over the file, with slugs fit for artifact and directory names', async () => {
    const { outputs } = await plan({
      INPUT_MODELS: ' library/qwen2.5-coder:7b , llama3.1:8b,llama3.1:8b',
      INPUT_SUITES: 'throughput',
    });
    expect(JSON.parse(outputs.matrix)).toEqual({
      include: [
        { model: 'library/qwen2.5-coder:7b', slug: 'library-qwen2.5-coder-7b' },
        { model: 'llama3.1:8b', slug: 'llama3.1-8b' },
      ],
    });
    expect(outputs.suites).toBe('throughput');
    expect(outputs.from_file).toBe('false');
  });

  it('turns BENCH_RUNNER into a label or a list of labels for runs-on', async () => {
    expect(JSON.parse((await plan({ BENCH_RUNNER: 'gpu-box' })).outputs.runner)).toBe('gpu-box');
    expect(JSON.parse((await plan({ BENCH_RUNNER: 'self-hosted, linux ,gpu' })).outputs.runner)).toEqual([
      'self-hosted',
      'linux',
      'gpu',
    ]);
  });

  it.each([
    ['a name that would reach a shell', { INPUT_MODELS: 'x;touch /tmp/pwned' }],
    ['two models with one slug', { INPUT_MODELS: 'a:b,a-b' }],
    ['suites that are not a list', { INPUT_MODELS: 'm', INPUT_SUITES: 'throughput; ls' }],
  ])('refuses %s (exit 2, nothing written)', async (_what, env) => {
    const { code, outputs, stderr } = await plan(env);
    expect(code).toBe(2);
    expect(outputs).toEqual({});
    expect(stderr).toMatch(/^plan: /);
  });

  it('refuses a models file without a models list, naming the file', async () => {
    const file = join(dir, 'models.json');
    writeFileSync(file, JSON.stringify({ model: ['typo'] }));
    const { code, stderr } = await plan({ MODELS_FILE: file });
    expect(code).toBe(2);
    expect(stderr).toContain(file);
  });
});
