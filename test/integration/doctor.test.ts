// `bench doctor` against a host where nothing listens, and against the simulator over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctorCommand } from '../../src/cli/doctor.js';
import { diagnose, doctorExitCode, gatherDoctorInputs, gatherOllamaFacts } from '../../src/recommend/doctor.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';
import { OllamaTarget } from '../../src/targets/ollama.js';
import type { HardwareSummary } from '../../src/types.js';

const GiB = 1024 ** 3;
const NOTHING_LISTENS = 'http://127.0.0.1:1';
const GPU_BOX: HardwareSummary = {
  cpu: { model: 'test', cores: 16, physicalCores: 8 },
  memory: { totalBytes: 64 * GiB, freeBytes: 48 * GiB },
  gpus: [{ vendor: 'NVIDIA', model: 'RTX 4090', vramBytes: 24 * GiB, unifiedMemory: false }],
  os: { platform: 'linux', distro: 'Debian', release: '12', arch: 'x64' },
  docker: { available: true, version: '27', detail: 'Docker engine 27' },
};

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim?.close();
});

describe('doctor', () => {
  it('unreachable Ollama: a failing verdict that says what to do, exit code 1', async () => {
    const facts = await gatherOllamaFacts(NOTHING_LISTENS, 2000);
    expect(facts.reachable).toBe(false);
    const verdicts = diagnose(await gatherDoctorInputs(NOTHING_LISTENS, GPU_BOX));
    const ollama = verdicts.find((v) => v.item === 'server')!;
    expect(ollama.status).toBe('fail');
    expect(ollama.finding).toContain('127.0.0.1:1');
    expect(doctorExitCode(verdicts)).toBe(1);
  });

  it('the simulator: version and models listed; the context verdict reads what /api/ps says is loaded', async () => {
    const before = await gatherDoctorInputs(sim.url, GPU_BOX);
    expect(before.server.reachable).toBe(true);
    if (!before.server.reachable) return;
    expect(before.server.version).toMatch(/\d+\.\d+/);
    expect(before.server.models.map((m) => m.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^sim-good/)]),
    );
    expect(doctorExitCode(diagnose(before))).toBe(0);

    await new OllamaTarget({ host: sim.url, timeoutMs: 10_000 }).load('sim-good', 65536);
    const after = diagnose(await gatherDoctorInputs(sim.url, GPU_BOX));
    const context = after.find((v) => v.item === 'context')!;
    expect(context.finding).toMatch(/sim-good.* is loaded with 64K/);
    expect(context.status).toBe('pass');
  });

  it('the command prints a readable report and JSON, and returns the exit code (real hardware of this machine)', async () => {
    let text = '';
    const code = await doctorCommand({ host: NOTHING_LISTENS }, (chunk) => (text += chunk));
    expect(code).toBe(1);
    expect(text).toMatch(/FAIL {2}server/);
    expect(text).toMatch(/node +Node v\d+/);

    let json = '';
    const okCode = await doctorCommand({ host: sim.url, json: true }, (chunk) => (json += chunk));
    const parsed = JSON.parse(json) as {
      verdicts: { item: string; status: string }[];
      exitCode: number;
      hardware: HardwareSummary;
    };
    expect(parsed.exitCode).toBe(okCode);
    expect(parsed.verdicts.find((v) => v.item === 'server')!.status).toBe('pass');
    expect(parsed.hardware.memory.totalBytes).toBeGreaterThan(0);
  });
});
