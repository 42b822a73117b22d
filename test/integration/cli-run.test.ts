// `bench run` as a user runs it: the built CLI in a child process, against the simulator.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';

const run = promisify(execFile);
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cli-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function bench(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      env: { ...process.env, CI: 'true', ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('bench run: usage errors exit 2 with a message that says what is wrong', () => {
  it.each([
    [['run', '--models', 'a', '--reps', '0'], /--reps 0: must be at least 1/],
    [['run', '--models', 'a', '--suites', 'speed'], /unknown suite/],
    [['run', '--models', 'a', '--timeout', 'soon'], /--timeout/],
    [['run', '--models', 'a b'], /model names look like/],
    [['run', '--models', 'a', '--fail-on', 'sometimes'], /--fail-on sometimes: not a level; valid: warn, fail/],
    [['run', '--resume', '/nonexistent/dir'], /not a run directory/],
    [['frobnicate'], /unknown command/],
  ])('%j', async (args, message) => {
    const result = await bench(args as string[]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message as RegExp);
  });
});

describe('bench run against a server that is not there', () => {
  it('prints one clear line naming OLLAMA_HOST and exits 1', async () => {
    const result = await bench(['run', '--models', 'llama3.1:8b', '--out', tempDir()], {
      OLLAMA_HOST: 'http://127.0.0.1:9',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Cannot reach a model server at http:\/\/127\.0\.0\.1:9/);
    expect(result.stderr).toMatch(/OLLAMA_HOST/);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });
});

describe('bench run --sim', () => {
  it('a model that is not installed stops the run before any suite, naming the closest installed one', async () => {
    const out = join(tempDir(), 'r');
    const result = await bench([
      'run',
      '--sim',
      '--models',
      'sim-good,sim-god',
      '--suites',
      'throughput',
      '--reps',
      '1',
      '--out',
      out,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^sim-god is not installed on Ollama at http:\/\/127\.0\.0\.1:\d+; did you mean sim-good\? Installed: sim-good, .*sim-instant/m,
    );
    expect(result.stderr).not.toMatch(/sim-good is not installed/);
    // Nothing ran: no journal, no report.
    expect(existsSync(join(out, 'journal.jsonl'))).toBe(false);
  });

  it('writes run.json, results.csv and report.md and marks them simulated', async () => {
    const out = tempDir();
    const result = await bench([
      'run',
      '--sim',
      '--models',
      'sim-good',
      '--suites',
      'throughput',
      '--reps',
      '1',
      '--out',
      out,
    ]);
    expect(result.code).toBe(0);
    const csv = readFileSync(join(out, 'results.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('run_id,model,suite,metric,value,unit,status,detail');
    const metrics = csv.filter((line) => line.includes(',sim-good,throughput,')).map((line) => line.split(',')[3]);
    expect(metrics.sort()).toEqual(['decode_tps', 'load_ms', 'prefill_tps', 'ttft_ms']);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report.split('\n').slice(0, 5).join('\n')).toMatch(/simulat/i);
    const runFile = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(runFile.environment.simulated).toBe(true);
    expect(runFile.environment.server.version).toMatch(/-sim$/);
    expect(runFile.environment.server.backend).toBe('ollama');
    expect(runFile.schema).toBe('claude-code-bench/run@2');
    expect(runFile.environment.hardware.gpus[0].vendor).toBe('Simulated');
  });

  it('--fail-on warn trips on a slow model and exits 1; without it the same run exits 0', async () => {
    const args = ['run', '--sim', '--models', 'sim-spill', '--suites', 'memory', '--reps', '1'];
    const gated = await bench([...args, '--out', tempDir(), '--fail-on', 'warn']);
    expect(gated.code).toBe(1);
    expect(gated.stderr).toMatch(/--fail-on warn/);
    const plain = await bench([...args, '--out', tempDir()]);
    expect(plain.code).toBe(0);
  });

  it('on Ctrl-C writes what finished and exits 130; --resume completes the run', async () => {
    const out = tempDir();
    const child = spawn(
      process.execPath,
      [
        CLI,
        'run',
        '--sim',
        '--models',
        'sim-good,sim-slow',
        '--suites',
        'throughput,memory',
        '--reps',
        '1',
        '--out',
        out,
      ],
      { env: { ...process.env, CI: 'true' } },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // Interrupt once the first model (sim-good) is done with both suites, while sim-slow still runs.
    const finishedPairs = (text: string) =>
      text.split('\n').filter((line) => line.includes('"kind":"done"') && line.includes('"model":"sim-good"')).length;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const journal = join(out, 'journal.jsonl');
        if (existsSync(journal) && finishedPairs(readFileSync(journal, 'utf8')) === 2) {
          clearInterval(timer);
          child.kill('SIGINT');
          resolve();
        }
      }, 50);
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(130);
    expect(stderr).toMatch(/Interrupted/);
    const partial = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(partial.environment.interrupted).toBe(true);
    expect(partial.records.length).toBeGreaterThan(0);
    expect(partial.records.some((r: { model: string }) => r.model === 'sim-good')).toBe(true);

    const resumed = await bench(['run', '--resume', out]);
    expect(resumed.code).toBe(0);
    const final = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    const rows = (records: { model: string; suite: string; metric: string }[]) =>
      records.map((r) => `${r.model}/${r.suite}/${r.metric}`).sort();
    const clean = tempDir();
    expect(
      (
        await bench([
          'run',
          '--sim',
          '--models',
          'sim-good,sim-slow',
          '--suites',
          'throughput,memory',
          '--reps',
          '1',
          '--out',
          clean,
        ])
      ).code,
    ).toBe(0);
    const cleanRun = JSON.parse(readFileSync(join(clean, 'run.json'), 'utf8'));
    expect(rows(final.records)).toEqual(rows(cleanRun.records));
    expect(new Set(rows(final.records)).size).toBe(final.records.length);
  }, 240_000);
});

describe('bench run --sim --backend: the other servers, end to end', () => {
  type Row = { suite: string; metric: string; status: string; value: unknown; detail: string; advice?: string };
  const records = (out: string): Row[] => JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).records as Row[];
  const find = (rows: Row[], metric: string) => rows.find((r) => r.metric === metric);

  it('llama-server: detected, its fixed context measured, over-long prompts refused, llama-server advice only', async () => {
    const out = join(tempDir(), 'r');
    const result = await bench([
      'run',
      '--sim',
      '--backend',
      'llama-server',
      '--models',
      'sim-good',
      '--suites',
      'throughput,context,memory',
      '--reps',
      '1',
      '--json',
      '--out',
      out,
    ]);
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout) as { server: { backend: string } };
    expect(answer.server.backend).toBe('llama-server');
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run.schema).toBe('claude-code-bench/run@2');
    expect(run.environment.server.backend).toBe('llama-server');
    const rows = records(out);
    expect(find(rows, 'load_ms')).toMatchObject({
      status: 'skip',
      detail: expect.stringMatching(/llama-server cannot load/),
    });
    expect(find(rows, 'server_context_tokens')?.value).toBe(4096);
    expect(find(rows, 'overflow_behavior')).toMatchObject({ value: 'rejects_400' });
    expect(find(rows, 'vram_bytes')).toMatchObject({
      status: 'skip',
      detail: expect.stringMatching(/llama-server reports no memory use/),
    });
    expect(rows.every((r) => !`${r.detail} ${r.advice ?? ''}`.includes('OLLAMA_CONTEXT_LENGTH'))).toBe(true);
    expect(find(rows, 'claude_code_prompt_fits')?.advice).toMatch(/-c 65536/);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/\*\*Server:\*\* llama-server /);
  });

  it('anthropic: tool-use runs, context and memory are skipped with the reason', async () => {
    const out = join(tempDir(), 'r');
    const result = await bench([
      'run',
      '--sim',
      '--backend',
      'anthropic',
      '--models',
      'sim-good',
      '--suites',
      'tool-use,context,memory',
      '--reps',
      '1',
      '--out',
      out,
    ]);
    expect(result.code).toBe(0);
    const rows = records(out);
    // The short probes pass; the Claude-Code-sized ones are refused at the server's 4096 tokens.
    expect(find(rows, 'tool_use_score')?.status).toMatch(/^(pass|warn)$/);
    for (const row of rows.filter((r) => r.suite === 'context' || r.suite === 'memory'))
      expect(row.status, row.metric).toBe('skip');
    expect(find(rows, 'server_context_tokens')?.detail).toMatch(/Anthropic-API-only server/);
  });
});
