// The agent suite's error paths: whatever breaks, the temp workspace goes, one broken task costs only
// its own record, nothing is verified after Ctrl-C, and a known Docker status is not asked again.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runInWorkspace } from '../../src/agent/container.js';
import { runSession } from '../../src/agent/session.js';
import { collectingContext } from '../../src/run/context.js';
import type { HardwareSummary } from '../../src/types.js';
import { agentSuite, runTasks, type AgentRunSetup } from '../../suites/agent/index.js';
import { DEFAULT_BUDGETS, type AgentTask } from '../../suites/agent/task.js';

// Workspaces are made under os.tmpdir(), which follows TMPDIR: a private one shows what was left.
let tmp: string;
const savedTmp = process.env.TMPDIR;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'agent-errors-'));
  process.env.TMPDIR = tmp;
});
afterEach(async () => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  await rm(tmp, { recursive: true, force: true });
});

const setup: AgentRunSetup = {
  image: 'claude-code-bench/not-built:0',
  claudeCodeVersion: 'test',
  serverContextTokens: null,
};

function task(
  id: string,
  files: Record<string, string>,
  verify = vi.fn(async () => ({ passed: true, detail: 'ok' })),
): AgentTask {
  return { id, title: `task ${id}`, files, prompt: 'do it', budgets: DEFAULT_BUDGETS, verify };
}

describe('runSession', () => {
  it('removes the workspace when the proxy cannot start', async () => {
    const session = runSession({
      image: setup.image,
      claudeCodeVersion: null,
      model: 'm',
      taskId: 't',
      prompt: 'p',
      files: { 'a.txt': 'a' },
      budgets: DEFAULT_BUDGETS,
      upstream: 'not a url',
      serverContextTokens: null,
      outDir: '',
    });
    await expect(session).rejects.toThrow();
    expect(await readdir(tmp)).toEqual([]);
  });
});

describe('runTasks', () => {
  it('records a task that cannot run as an error and goes on with the next', async () => {
    const { ctx, records } = collectingContext({ model: 'sim-good', suite: 'agent', host: 'http://127.0.0.1:9' });
    const reports = await runTasks(
      ctx,
      setup,
      [task('first', { '../outside.txt': 'x' }), task('second', { '../../also-outside.txt': 'y' })],
      {},
    );
    expect(reports.size).toBe(0);
    expect(records.map((record) => [record.metric, record.status, record.value])).toEqual([
      ['agent.first', 'error', null],
      ['agent.second', 'error', null],
    ]);
    expect(records[0].detail).toMatch(/could not run: workspace file outside the workspace/);
    expect(await readdir(tmp)).toEqual([]);
  });

  it('does not verify a session stopped by Ctrl-C, and records no verdict', async () => {
    const controller = new AbortController();
    // Ctrl-C lands after the task started: its progress line is the cue.
    const { ctx, records } = collectingContext({
      model: 'sim-good',
      suite: 'agent',
      host: 'http://127.0.0.1:9',
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    const verify = vi.fn(async () => ({ passed: false, detail: 'should not run' }));
    await runTasks(ctx, setup, [task('interrupted', { 'a.txt': 'a' }, verify)], {});
    expect(verify).not.toHaveBeenCalled();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ metric: 'agent.interrupted', status: 'error', value: null });
    expect(await readdir(tmp)).toEqual([]);
  });
});

describe('runInWorkspace', () => {
  it('starts no command once the run is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await runInWorkspace(setup.image, tmp, ['node', '--version'], { signal: controller.signal });
    expect(result.code).toBeNull();
    expect(result.output).toContain('stopped: aborted');
  });
});

describe('agent suite', () => {
  it("uses the Docker status of the run's hardware summary instead of asking again", async () => {
    const { ctx, records } = collectingContext({ model: 'sim-good', suite: 'agent', host: 'http://127.0.0.1:9' });
    const hardware: HardwareSummary = {
      cpu: { model: 'test', cores: 1, physicalCores: 1 },
      memory: { totalBytes: 1, freeBytes: 1 },
      gpus: [],
      os: { platform: 'linux', distro: '', release: '', arch: 'x64' },
      docker: { available: false, version: null, detail: 'as the hardware summary found it' },
    };
    await agentSuite.run({ ...ctx, environment: { ...ctx.environment, hardware } });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      metric: 'agent_tasks_passed',
      status: 'error',
      detail: 'agent suite not run: as the hardware summary found it',
    });
  });
});
