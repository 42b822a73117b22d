// Ctrl-C while the agent suite has Claude Code running in a container: `bench run` exits 130, keeps
// what finished, and leaves no container behind. Needs Docker (CI=true fails without it).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listBenchContainers, removeLeftoverContainers } from '../../src/agent/container.js';
import { dockerStatus } from '../../src/agent/docker.js';
import { ensureImage } from '../../src/agent/image.js';
import { CLI } from '../helpers/cli.js';

const docker = await dockerStatus();
const inCi = process.env.CI === 'true';
if (!docker.available && !inCi) console.warn(`e2e/interrupt-cleanup skipped: ${docker.detail}`);

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!docker.available && !inCi)('bench run interrupted during the agent suite', () => {
  const out = mkdtempSync(join(tmpdir(), 'bench-interrupt-'));
  afterAll(async () => {
    rmSync(out, { recursive: true, force: true });
    if (docker.available) await removeLeftoverContainers();
  });

  it('exits 130, writes the partial run, and leaves no container', { timeout: 240_000 }, async () => {
    if (!docker.available) throw new Error(`CI=true requires Docker for the e2e tests: ${docker.detail}`);
    await ensureImage(); // built (or found) before the run, so the run reaches a container quickly
    expect(await listBenchContainers()).toEqual([]);
    // sim-slow decodes at ~5 tokens/s: its tasks keep a container alive long enough to interrupt.
    const child = spawn(process.execPath, [CLI, 'run', '--sim', '--models', 'sim-slow', '--suites', 'agent', '--out', out], {
      env: { ...process.env, CI: 'true', TESTCONTAINERS_RYUK_DISABLED: 'true' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    await waitFor(async () => (await listBenchContainers()).length > 0, 120_000);
    child.kill('SIGINT');
    const code = await exited;

    expect(code, stderr).toBe(130);
    expect(await listBenchContainers()).toEqual([]);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { environment: { interrupted: boolean } };
    expect(run.environment.interrupted).toBe(true);
  });
});
