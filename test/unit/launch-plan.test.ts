import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  claudeSettingsEnv,
  measurementsFromRecords,
  planLaunch,
  renderAlias,
  renderCompose,
  renderDockerRun,
  type ContextMeasurements,
} from '../../src/launch/plan.js';
import { loadMeasurements } from '../../src/launch/results.js';
import { ALL_SUITES } from '../../suites/index.js';
import type { ResultRecord } from '../../src/types.js';
import { runOf } from '../helpers/run-fixtures.js';

const MODEL = 'qwen2.5-coder:32b';
const IMAGE = 'claude-code-bench/claude-code:2.1.332';
const none: ContextMeasurements = {
  serverContextTokens: null,
  effectiveContextTokens: null,
  claimedContextTokens: null,
  vramContextTokens: null,
  runId: null,
};
const plan = (measurements: Partial<ContextMeasurements>, networkMode: 'host' | 'bridge-host-gateway' = 'host') =>
  planLaunch({ model: MODEL, measurements: { ...none, ...measurements }, image: IMAGE, networkMode });

/** The words bash would pass to `docker` for a rendered command line. */
function argvOf(commandLine: string): string[] {
  const script = `${commandLine.replace(/^docker /, 'printf "%s\\n" ')}`;
  return execFileSync('bash', ['-c', script], { encoding: 'utf8', cwd: '/' }).trimEnd().split('\n');
}

function envOf(argv: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  argv.forEach((word, index) => {
    if (word === '-e') {
      const [name, ...rest] = argv[index + 1].split('=');
      env[name] = rest.join('=');
    }
  });
  return env;
}

describe('planLaunch', () => {
  it('puts the model into every model slot, as ollama launch claude does, and turns the extras off', () => {
    const { claudeEnv } = plan({ serverContextTokens: 131072 });
    for (const slot of [
      'ANTHROPIC_DEFAULT_OPUS_MODEL',
      'ANTHROPIC_DEFAULT_SONNET_MODEL',
      'ANTHROPIC_DEFAULT_HAIKU_MODEL',
      'CLAUDE_CODE_SUBAGENT_MODEL',
    ])
      expect(claudeEnv[slot]).toBe(MODEL);
    expect(claudeEnv).toMatchObject({
      ANTHROPIC_AUTH_TOKEN: 'ollama',
      ANTHROPIC_API_KEY: '',
      CLAUDE_CODE_ATTRIBUTION_HEADER: '0',
      CLAUDE_CODE_TOTAL_TOKENS_REMINDER: 'off',
      DISABLE_FEEDBACK_COMMAND: '1',
    });
  });

  it('a server context already large enough: no server change, compaction at that context', () => {
    const launch = plan({ serverContextTokens: 131072, claimedContextTokens: 131072 });
    expect(launch.serverChange).toBeNull();
    expect(launch.claudeEnv.CLAUDE_CODE_AUTO_COMPACT_WINDOW).toBe('131072');
    expect(launch.claudeEnv.CLAUDE_CODE_MAX_CONTEXT_TOKENS).toBe('131072');
  });

  it('a short server default: raise OLLAMA_CONTEXT_LENGTH to the target and compact below it', () => {
    const launch = plan({ serverContextTokens: 4096, claimedContextTokens: 131072 });
    expect(launch.serverChange?.env.OLLAMA_CONTEXT_LENGTH).toBe(String(launch.contextTokens));
    expect(launch.contextTokens).toBeGreaterThan(4096);
    expect(launch.serverChange?.modelfile).toContain(`num_ctx ${launch.contextTokens}`);
    expect(Number(launch.claudeEnv.CLAUDE_CODE_MAX_CONTEXT_TOKENS)).toBeLessThanOrEqual(launch.contextTokens);
  });

  it('never loads more than the model was trained for, and compacts where recall ends', () => {
    const capped = plan({ serverContextTokens: 4096, claimedContextTokens: 32768 });
    expect(capped.contextTokens).toBe(32768);
    const recall = plan({ serverContextTokens: 131072, claimedContextTokens: 131072, effectiveContextTokens: 40000 });
    expect(Number(recall.claudeEnv.CLAUDE_CODE_MAX_CONTEXT_TOKENS)).toBeLessThanOrEqual(40000);
    expect(recall.notes.join(' ')).toMatch(/recall/);
  });

  it('without measurements it says so', () => {
    expect(plan({}).notes.join(' ')).toContain('No context measurements');
  });

  it('the agent suite gets the same settings except the base URL (its proxy sets that)', () => {
    const env = claudeSettingsEnv(plan({ serverContextTokens: 65536 }));
    expect(env.ANTHROPIC_BASE_URL).toBeUndefined();
    expect(env.CLAUDE_CODE_SUBAGENT_MODEL).toBe(MODEL);
  });
});

describe('rendered commands', () => {
  const launch = plan({ serverContextTokens: 4096, claimedContextTokens: 131072 });

  it('the docker run line is valid shell that passes every setting and mounts only the current directory', () => {
    const argv = argvOf(renderDockerRun(launch));
    expect(argv.slice(0, 3)).toEqual(['run', '-it', '--rm']);
    expect(argv).toContain('--network');
    expect(envOf(argv)).toEqual(launch.claudeEnv);
    expect(argv[argv.indexOf('-v') + 1]).toBe('/:/workspace');
    expect(argv.slice(-3)).toEqual([IMAGE, '--model', MODEL]);
  });

  it('Docker Desktop: host.docker.internal instead of host networking', () => {
    const desktop = plan({ serverContextTokens: 65536 }, 'bridge-host-gateway');
    const argv = argvOf(renderDockerRun(desktop));
    expect(argv).not.toContain('host');
    expect(argv).toContain('host.docker.internal:host-gateway');
    expect(envOf(argv).ANTHROPIC_BASE_URL).toBe('http://host.docker.internal:11434');
  });

  it('the alias defines a command bash accepts, expanding to the same docker run', () => {
    const defined = execFileSync('bash', ['-c', `${renderAlias(launch)}\nalias claude-local`], { encoding: 'utf8' });
    const body = /^alias claude-local='(.*)'\n?$/s.exec(defined)?.[1] ?? '';
    expect(envOf(argvOf(body.replace(/'\\''/g, "'")))).toEqual(launch.claudeEnv);
  });

  it('compose.yaml carries the image, the environment and the model', () => {
    const yaml = renderCompose(launch, '2.1.332');
    expect(yaml).toContain(`image: ${IMAGE}`);
    for (const [name, value] of Object.entries(launch.claudeEnv))
      expect(yaml).toContain(`      ${name}: ${JSON.stringify(value)}`);
    expect(yaml).toContain(`command: ["--model", "${MODEL}"]`);
    expect(yaml).toContain('network_mode: host');
  });
});

describe('measurements from results', () => {
  const record = (
    run: string,
    metric: string,
    value: number | null,
    status: ResultRecord['status'] = 'pass',
    model = MODEL,
  ): ResultRecord => ({
    run_id: run,
    model,
    suite: 'context',
    metric,
    value,
    unit: 'tokens',
    status,
    detail: '',
    time: '',
  });

  it('newest usable value per metric, only for the model', () => {
    const records = [
      record('a', 'server_context_tokens', 4096),
      record('b', 'server_context_tokens', 32768),
      record('b', 'effective_context_tokens', null, 'error'),
      record('b', 'claimed_context_tokens', 131072, 'pass', 'other-model'),
    ];
    expect(measurementsFromRecords(records, MODEL, ALL_SUITES)).toEqual({
      serverContextTokens: 32768,
      effectiveContextTokens: null,
      claimedContextTokens: null,
      vramContextTokens: null,
      runId: 'b',
    });
  });

  it('reads results/*/run.json oldest first and skips broken files with a warning', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'launch-results-'));
    try {
      const write = async (name: string, startedAt: string, records: ResultRecord[]) => {
        await mkdir(path.join(dir, name));
        const run = runOf(records);
        await writeFile(
          path.join(dir, name, 'run.json'),
          JSON.stringify({ ...run, runId: name, environment: { ...run.environment, startedAt } }),
        );
      };
      await write('z-old', '2026-01-01T00:00:00Z', [record('z-old', 'server_context_tokens', 4096)]);
      await write('a-new', '2026-02-01T00:00:00Z', [record('a-new', 'server_context_tokens', 65536)]);
      await mkdir(path.join(dir, 'broken'));
      await writeFile(path.join(dir, 'broken', 'run.json'), '{');
      const loaded = await loadMeasurements(dir, MODEL, ALL_SUITES);
      expect(loaded.measurements.serverContextTokens).toBe(65536);
      expect(loaded.warnings).toHaveLength(1);
      expect((await loadMeasurements(path.join(dir, 'missing'), MODEL, ALL_SUITES)).measurements).toEqual(none);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
