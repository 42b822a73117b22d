// Real Claude Code (the repository's Dockerfile, 2.1.332) in a container against the simulator.
// Needs Docker. In CI (CI=true) a missing Docker engine fails these tests; elsewhere they are skipped
// with the reason printed.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTAINER_LABEL, containerName, ROLE_LABEL } from '../../src/agent/container.js';
import { harnessOwner, ownerLabelArgs } from '../../src/agent/owner.js';
import { listBenchContainers, removeLeftovers } from '../../src/agent/sweep.js';
import { docker as dockerCli, dockerStatus } from '../../src/shared/docker.js';
import { ensureImage } from '../../src/agent/image.js';
import { runSession } from '../../src/agent/session.js';
import { parseSse } from '../../src/agent/sse.js';
import { collectingContext } from '../../src/run/context.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';
import { agentSuite } from '../../suites/agent/index.js';
import type { ResultRecord } from '../../src/types.js';

process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
const docker = await dockerStatus();
const inCi = process.env.CI === 'true';
if (!docker.available && !inCi) console.warn(`e2e/claude-code skipped: ${docker.detail}`);

// The guide's 64K: enough for Claude Code to compact into (at 32K its threshold is below its own first request).
const CONTEXT = 65536;
const budgets = { wallSeconds: 120, maxTurns: 6, maxSubagents: 2 };

/** The pid of a process that has ended (the harness that left a container behind). */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid;

/** A created, never started, container of the harness process `pid` (started at `started`) on this host; returns its short id. */
async function createLabelled(pid: number, started = harnessOwner().started): Promise<string> {
  const owner = { ...harnessOwner(), pid, started };
  const created = await dockerCli([
    'create',
    '--label',
    `${CONTAINER_LABEL}=1`,
    ...ownerLabelArgs(owner),
    '--name',
    containerName(os.hostname(), pid),
    await ensureImage(),
  ]);
  if (created.code !== 0) throw new Error(created.stderr);
  return created.stdout.trim().slice(0, 12);
}

describe.skipIf(!docker.available && !inCi)('Claude Code in its container against the simulator', () => {
  let image: string;
  let sim: RunningSimulator;
  let outDir: string;
  let goodRecords: ResultRecord[] = [];

  beforeAll(async () => {
    if (!docker.available) throw new Error(`CI=true requires Docker for the e2e tests: ${docker.detail}`);
    image = await ensureImage();
    sim = await startSimulator({ port: 0, contextLength: CONTEXT });
    outDir = await mkdtemp(path.join(os.tmpdir(), 'e2e-agent-out-'));
  });

  afterAll(async () => {
    await sim?.close();
    if (outDir) await rm(outDir, { recursive: true, force: true });
    // Clean-up only: test (c) asserts that nothing was left before this runs.
    if (docker.available) await removeLeftovers({ ownerPid: process.pid }); // this process's only: other runs may share the engine
  });

  it('(issue 3) claude -p sends its real streaming /v1/messages request with tools, and prints the simulated answer', {
    timeout: 180_000,
  }, async () => {
    const before = sim.requests.length;
    const session = await runSession({
      image,
      claudeCodeVersion: null,
      model: 'sim-good',
      taskId: 'hello',
      prompt: 'Create a file hello.txt containing "hi"',
      files: {},
      budgets,
      upstream: sim.url,
      serverContextTokens: CONTEXT,
      outDir: '',
    });
    try {
      const received = sim.requests
        .slice(before)
        .filter((request) => request.method === 'POST' && request.path.startsWith('/v1/messages'));
      expect(received.length).toBeGreaterThanOrEqual(2);
      const first = received[0].body as {
        stream: boolean;
        tools: { name: string }[];
        system: unknown[];
        messages: unknown[];
      };
      expect(first.stream).toBe(true);
      expect(first.tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['Bash', 'Read', 'Write', 'Edit']));
      expect(received[0].headers['user-agent']).toMatch(/^claude-cli\//);
      expect(JSON.stringify(first.messages)).toContain('Create a file hello.txt');

      // What Claude Code printed is the text the simulator streamed in its last reply.
      const lastReply = session.recording.exchanges.at(-1)?.response?.body ?? '';
      const streamedText = parseSse(lastReply)
        .map((event) => (event as { delta?: { type?: string; text?: string } }).delta)
        .filter((delta) => delta?.type === 'text_delta')
        .map((delta) => delta?.text)
        .join('');
      expect(streamedText.length).toBeGreaterThan(0);
      expect(session.transcript.result?.text).toBe(streamedText);
      expect(session.transcript.toolCalls.map((call) => call.name)).toEqual(['Write']);
      expect(session.run.exitCode).toBe(0);
    } finally {
      await session.dispose();
    }
  });

  it('(issue 7) the agent suite passes a file-creating task with sim-good and fails it with a named reason with sim-text-tools', {
    timeout: 360_000,
  }, async () => {
    const progress: string[] = [];
    const run = async (model: string): Promise<ResultRecord[]> => {
      const { ctx, records } = collectingContext({
        model,
        suite: 'agent',
        host: sim.url,
        options: { outDir },
        onProgress: (message) => progress.push(message),
      });
      await agentSuite.run(ctx);
      return records;
    };
    // A container left by a harness that died: the suite sweeps it first, and says so.
    const orphan = await createLabelled(deadPid());
    const good = await run('sim-good');
    expect(await listBenchContainers()).not.toContain(orphan);
    // (Other runs sharing the engine may have left orphans too: at least this one was removed.)
    expect(
      progress.find((line) => /^agent: removed \d+ containers? .*left by an earlier run$/.test(line)),
    ).toBeTruthy();
    goodRecords = good;
    const find = (records: ResultRecord[], metric: string) => records.find((record) => record.metric === metric);
    expect(find(good, 'agent.create_file')).toMatchObject({ status: 'pass', value: 1 });
    expect(find(good, 'claude_code_version')?.value).toBe('2.1.332');
    expect(find(good, 'agent_tasks_passed')?.value).toBeGreaterThan(0);
    // Claude Code itself needs no route beyond the Messages API: the proxy refused none of its requests.
    expect(find(good, 'agent_finding.refused_requests')).toBeUndefined();
    expect(await readdir(path.join(outDir, 'recordings', 'sim-good'))).toContain('create_file.json');

    const textTools = await run('sim-text-tools');
    const failed = find(textTools, 'agent.create_file');
    expect(failed).toMatchObject({ status: 'fail', value: 0 });
    expect(failed?.detail).toMatch(/^no_tool_calls:/);
    expect(failed?.advice).toBeTruthy();
  });

  it('(issue 7) proves the compaction settings: the long session fails with context_overflow without them and passes with them', () => {
    // Reads the records of the suite run above (sim-good), which ran long_context with and without the compaction group.
    const find = (metric: string) => goodRecords.find((record) => record.metric === metric);
    expect(find('agent.long_context')).toMatchObject({ status: 'pass', value: 1 });
    const effect = find('agent_settings_effect.compaction');
    expect(effect).toMatchObject({ value: 'settings_fix_failure', status: 'warn' });
    expect(effect?.data).toMatchObject({
      with: { passed: true },
      without: { passed: false, failure: 'context_overflow' },
    });
    expect(effect?.advice).toContain('bench launch --model sim-good');
    expect(find('agent_settings_effect.model_names')?.value).toBe('no_difference');
  });

  it('(issue 7) Claude Code really compacted: the simulator got its summary request and answered it with the task kept', async () => {
    const recording = JSON.parse(
      await readFile(path.join(outDir, 'recordings', 'sim-good', 'long_context.json'), 'utf8'),
    ) as { exchanges: { request: { body: unknown }; response: { body: string } | null }[] };
    const lastMessage = (body: unknown) =>
      JSON.stringify((body as { messages?: unknown[] } | null)?.messages?.at(-1) ?? '');
    const asked = recording.exchanges.filter((exchange) =>
      /summary of the conversation/i.test(lastMessage(exchange.request.body)),
    );
    expect(asked.length).toBeGreaterThan(0);
    const summary = parseSse(asked[0].response?.body ?? '')
      .map((event) => (event as { delta?: { text?: string } }).delta?.text ?? '')
      .join('');
    expect(summary).toContain('replace "draft" with "final" in app.js');
    const without = JSON.parse(
      await readFile(path.join(outDir, 'recordings', 'sim-good', 'long_context.without-compaction.json'), 'utf8'),
    ) as { findings: { name: string }[] };
    expect(without.findings.map((finding) => finding.name)).toContain('context_overflow');
  });

  it('removes the workspace when saving the recording fails', { timeout: 180_000 }, async () => {
    const savedTmp = process.env.TMPDIR;
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'e2e-agent-tmp-'));
    const notADir = path.join(tmp, 'out-is-a-file');
    await writeFile(notADir, '');
    process.env.TMPDIR = tmp; // workspaces are made under os.tmpdir(): here, what is left shows
    try {
      const session = runSession({
        image,
        claudeCodeVersion: null,
        model: 'sim-good',
        taskId: 'unsaved',
        prompt: 'Create a file hello.txt containing "hi"',
        files: {},
        budgets,
        upstream: sim.url,
        serverContextTokens: CONTEXT,
        outDir: notADir,
      });
      await expect(session).rejects.toThrow(/ENOTDIR|not a directory/i);
      expect(await readdir(tmp)).toEqual(['out-is-a-file']);
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it('the leftover sweep spares containers of a harness still running, and not a reused PID', async () => {
    const live = await createLabelled(process.pid);
    const dead = await createLabelled(deadPid());
    // This process's PID, but labelled with another start time: the harness that made it is gone.
    const reused = await createLabelled(process.pid, '1');
    try {
      const removed = await removeLeftovers({ orphansOnly: true });
      const ids = removed.containers.map((container) => container.id);
      expect(ids).toEqual(expect.arrayContaining([dead, reused]));
      expect(ids).not.toContain(live);
      expect(await listBenchContainers(process.pid)).toEqual([live]);
    } finally {
      await removeLeftovers({ ownerPid: process.pid });
    }
  });

  it('(c) leaves no container behind, also when a run is aborted mid-way', { timeout: 120_000 }, async () => {
    expect(await listBenchContainers(process.pid)).toEqual([]);
    const controller = new AbortController();
    const session = runSession({
      image,
      claudeCodeVersion: null,
      model: 'sim-slow',
      taskId: 'aborted',
      prompt: 'Create a file slow.txt containing "a slow answer"',
      files: {},
      budgets,
      upstream: sim.url,
      serverContextTokens: CONTEXT,
      outDir: '',
      signal: controller.signal,
    });
    // Abort once Claude Code's container exists (it is then waiting for the slow model; its relay started before it).
    let seen: string[] = [];
    for (let attempt = 0; attempt < 100 && seen.length === 0; attempt++) {
      seen = (
        await dockerCli([
          'ps',
          '--quiet',
          '--filter',
          `label=${ROLE_LABEL}=agent`,
          '--filter',
          `label=claude-code-bench.pid=${process.pid}`,
        ])
      ).stdout
        .split('\n')
        .filter(Boolean);
      if (seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(seen.length).toBe(1);
    expect((await listBenchContainers(process.pid)).length).toBe(2); // the agent and its relay
    controller.abort();
    const outcome = await session;
    await outcome.dispose();
    expect(outcome.stoppedBy).toBe('aborted');
    expect(await listBenchContainers(process.pid)).toEqual([]);
  });
});
