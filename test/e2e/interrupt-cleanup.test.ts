// Ctrl-C while the agent suite has Claude Code running in a container: `bench run` exits 130, keeps
// what finished, and leaves no container behind. Needs Docker (CI=true fails without it).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTAINER_LABEL } from '../../src/agent/container.js';
import { docker, dockerStatus } from '../../src/shared/docker.js';
import { ensureImage } from '../../src/agent/image.js';
import { CLI } from '../helpers/cli.js';

const dockerReady = await dockerStatus();
const inCi = process.env.CI === 'true';
if (!dockerReady.available && !inCi) console.warn(`e2e/interrupt-cleanup skipped: ${dockerReady.detail}`);

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Names of this harness's containers started by the process `pid` (names carry the pid; other e2e files run beside this one). */
async function containersOf(pid: number): Promise<string[]> {
  const listed = await docker(['ps', '--all', '--filter', `label=${CONTAINER_LABEL}`, '--format', '{{.Names}}']);
  return listed.stdout
    .split('\n')
    .map((name) => name.trim())
    .filter((name) => name.includes(`-${pid}-`));
}

describe.skipIf(!dockerReady.available && !inCi)('bench run interrupted during the agent suite', () => {
  const out = mkdtempSync(join(tmpdir(), 'bench-interrupt-'));
  let childPid = 0;
  afterAll(async () => {
    rmSync(out, { recursive: true, force: true });
    const left = childPid ? await containersOf(childPid) : [];
    if (left.length) await docker(['rm', '--force', ...left]);
  });

  it('exits 130, writes the partial run, and leaves no container', { timeout: 240_000 }, async () => {
    if (!dockerReady.available) throw new Error(`CI=true requires Docker for the e2e tests: ${dockerReady.detail}`);
    await ensureImage(); // built (or found) before the run, so the run reaches a container quickly
    // sim-slow decodes at ~5 tokens/s: its tasks keep a container alive long enough to interrupt.
    const child = spawn(
      process.execPath,
      [CLI, 'run', '--sim', '--models', 'sim-slow', '--suites', 'agent', '--out', out],
      {
        env: { ...process.env, CI: 'true', TESTCONTAINERS_RYUK_DISABLED: 'true' },
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    childPid = child.pid ?? 0;
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    await waitFor(async () => (await containersOf(childPid)).length > 0, 120_000);
    child.kill('SIGINT');
    const code = await exited;

    expect(code, stderr).toBe(130);
    expect(await containersOf(childPid)).toEqual([]);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { environment: { interrupted: boolean } };
    expect(run.environment.interrupted).toBe(true);
  });
});
