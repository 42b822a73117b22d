// A harness SIGKILLed mid-session (as the OOM killer would) leaves no container running: Claude Code's
// container ends at its own deadline, inside the container, though nobody is left to stop it; the
// next sweep removes what remains of the run (its relays and their volume), recognizing the dead
// harness by its labels. Needs Docker (CI=true fails without it).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONTAINER_LABEL,
  DEADLINE_EXIT_CODE,
  DEADLINE_GRACE_SECONDS,
  DEADLINE_KILL_AFTER_SECONDS,
  ROLE_LABEL,
} from '../../src/agent/container.js';
import { docker, dockerStatus } from '../../src/shared/docker.js';
import { ensureImage } from '../../src/agent/image.js';
import { OWNER_LABELS } from '../../src/agent/owner.js';
import { removeLeftovers } from '../../src/agent/sweep.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';

process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
const dockerReady = await dockerStatus();
const inCi = process.env.CI === 'true';
if (!dockerReady.available && !inCi) console.warn(`e2e/agent-orphans skipped: ${dockerReady.detail}`);

const SESSION = fileURLToPath(new URL('../../dist/src/agent/session.js', import.meta.url));
/** The harness's own timer; the container's deadline is DEADLINE_GRACE_SECONDS later. Kept short here. */
const WALL_SECONDS = 20;

/** A harness process running one session (the built code), whose Claude Code runs a command that waits 5 minutes. */
function harness(simUrl: string, image: string): ChildProcess {
  const options = {
    image,
    claudeCodeVersion: null,
    model: 'sim-good',
    taskId: 'orphan',
    uplink: 'gateway',
    runId: 'orphan-test-run',
    // (Claude Code 2.1.332 refuses a standalone `sleep 300`: a script that waits instead.)
    prompt: 'Run `node wait.js`',
    files: { 'wait.js': 'setTimeout(() => {}, 300_000);\n' },
    budgets: { wallSeconds: WALL_SECONDS, maxTurns: 4, maxSubagents: 1 },
    upstream: simUrl,
    serverContextTokens: 65536,
    outDir: '',
  };
  const script = `const { runSession } = await import(${JSON.stringify(SESSION)}); await runSession(JSON.parse(process.argv[1]));`;
  return spawn(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(options)], { stdio: 'ignore' });
}

const objectsOf = async (kind: 'container' | 'volume', pid: number): Promise<string[]> => {
  const args =
    kind === 'container' ? ['ps', '--all', '--format', '{{.Names}}'] : ['volume', 'ls', '--format', '{{.Name}}'];
  const listed = await docker([...args, '--filter', `label=${OWNER_LABELS.pid}=${pid}`]);
  return listed.stdout
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
};

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(!dockerReady.available && !inCi)('a SIGKILLed harness leaves no orphan', () => {
  let image: string;
  let sim: RunningSimulator;
  let child: ChildProcess | null = null;

  beforeAll(async () => {
    if (!dockerReady.available) throw new Error(`CI=true requires Docker for the e2e tests: ${dockerReady.detail}`);
    image = await ensureImage();
    sim = await startSimulator({ port: 0, contextLength: 65536 });
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await sim?.close();
    if (dockerReady.available && child?.pid) {
      const left = await objectsOf('container', child.pid);
      if (left.length) await docker(['rm', '--force', ...left]);
      const volumes = await objectsOf('volume', child.pid);
      if (volumes.length) await docker(['volume', 'rm', '--force', ...volumes]);
    }
  });

  it('the container ends at its in-container deadline, and the next sweep removes the relays and the volume', {
    timeout: 150_000,
  }, async () => {
    child = harness(sim.url, image);
    const pid = child.pid!;
    const agentOf = async () =>
      (
        await docker([
          'ps',
          '--quiet',
          '--filter',
          `label=${OWNER_LABELS.pid}=${pid}`,
          '--filter',
          `label=${ROLE_LABEL}=agent`,
        ])
      ).stdout.trim();
    await waitFor(async () => (await agentOf()) !== '', 60_000, 'the agent container started');
    const agent = await agentOf();
    const startedAt = Date.parse(
      (await docker(['container', 'inspect', '--format', '{{.State.StartedAt}}', agent])).stdout.trim(),
    );
    // Claude Code asked the model, which answered with the Bash call `node wait.js`: the session is mid-tool.
    await waitFor(
      () => sim.requests.some((request) => request.path.startsWith('/v1/messages')),
      60_000,
      'the first request',
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const events = spawn('docker', [
      'events',
      '--filter',
      `container=${agent}`,
      '--filter',
      'event=die',
      '--format',
      '{{.Actor.Attributes.exitCode}}',
    ]);
    let died = '';
    events.stdout.setEncoding('utf8').on('data', (chunk: string) => (died += chunk));
    child.kill('SIGKILL');
    try {
      // Nobody is left to stop it: the container ends by itself, at WALL_SECONDS + grace (+ kill-after at worst), long before the command's 5 minutes.
      const deadlineMs = (WALL_SECONDS + DEADLINE_GRACE_SECONDS + DEADLINE_KILL_AFTER_SECONDS) * 1000;
      await waitFor(
        async () => (await agentOf()) === '',
        startedAt + deadlineMs + 20_000 - Date.now(),
        'the agent container ended',
      );
      await waitFor(() => died.trim() !== '', 10_000, 'the die event');
      expect(Number(died.trim().split('\n')[0])).toBe(DEADLINE_EXIT_CODE); // `timeout` ended it
    } finally {
      events.kill();
    }

    // What is left of the dead harness's run: the relays (their own deadline is later) and the relay volume.
    const containersLeft = await objectsOf('container', pid);
    const volumesLeft = await objectsOf('volume', pid);
    expect(volumesLeft).toHaveLength(1);
    const swept = await removeLeftovers({ orphansOnly: true });
    expect(swept.volumes.map((volume) => volume.name)).toEqual(volumesLeft);
    expect(swept.containers.map((container) => container.name).sort()).toEqual(
      expect.arrayContaining(containersLeft.sort()),
    );
    expect(swept.volumes.every((volume) => volume.runId === 'orphan-test-run')).toBe(true);
    expect(await objectsOf('container', pid)).toEqual([]);
    expect(await objectsOf('volume', pid)).toEqual([]);
    expect(
      (
        await docker([
          'ps',
          '--all',
          '--quiet',
          '--filter',
          `label=${CONTAINER_LABEL}`,
          '--filter',
          `label=${OWNER_LABELS.run}=orphan-test-run`,
        ])
      ).stdout.trim(),
    ).toBe('');
  });
});
