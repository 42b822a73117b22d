import { describe, expect, it } from 'vitest';
import {
  diagnose,
  doctorExitCode,
  type DoctorInputs,
  type OllamaFacts,
  type Verdict,
} from '../../src/recommend/doctor.js';
import type { GpuInfo, HardwareSummary } from '../../src/types.js';

const GiB = 1024 ** 3;

function hardware(ramGiB: number, gpus: GpuInfo[], docker = true): HardwareSummary {
  return {
    cpu: { model: 'Test CPU', cores: 8, physicalCores: 8 },
    memory: { totalBytes: ramGiB * GiB, freeBytes: (ramGiB / 2) * GiB },
    gpus,
    os: { platform: 'linux', distro: 'Debian', release: '12', arch: 'x64' },
    docker: docker
      ? { available: true, version: '27.0', detail: 'Docker engine 27.0' }
      : { available: false, version: null, detail: 'docker command not found' },
  };
}

const RTX_4090: GpuInfo = { vendor: 'NVIDIA', model: 'RTX 4090', vramBytes: 24 * GiB, unifiedMemory: false };
const unreachable: OllamaFacts = { host: 'http://127.0.0.1:1', reachable: false, error: 'ECONNREFUSED' };
const running = (models: string[], loaded: { name: string; contextLength: number | null }[] = []): OllamaFacts => ({
  host: 'http://127.0.0.1:11434',
  reachable: true,
  backend: 'ollama',
  detectedBy: 'GET /api/version answered 0.14.2',
  version: '0.14.2',
  models: models.map((name) => ({ name, sizeBytes: 5e9 })),
  loaded,
});

function verdicts(partial: Partial<DoctorInputs>): Record<string, Verdict> {
  const inputs: DoctorInputs = {
    nodeVersion: 'v24.1.0',
    hardware: hardware(64, [RTX_4090]),
    server: running(['llama3.1:8b']),
    contextLengthEnv: undefined,
    ...partial,
  };
  return Object.fromEntries(diagnose(inputs).map((v) => [v.item, v]));
}

describe('diagnose', () => {
  it('a machine like this one (no GPU, no Ollama) gets warnings with advice and a failing Ollama check', () => {
    const inputs: DoctorInputs = {
      nodeVersion: 'v24.1.0',
      hardware: hardware(24, []),
      server: unreachable,
      contextLengthEnv: undefined,
    };
    const list = diagnose(inputs);
    const byItem = Object.fromEntries(list.map((v) => [v.item, v]));
    expect(byItem.gpu.status).toBe('warn');
    expect(byItem.gpu.advice).toMatch(/CPU-only works but is slow/);
    expect(byItem.server.status).toBe('fail');
    expect(byItem.server.advice).toMatch(/ollama serve/);
    expect(byItem.models).toBeUndefined();
    expect(byItem.context.status).toBe('warn');
    expect(byItem.context.finding).toMatch(/4K tokens/);
    expect(doctorExitCode(list)).toBe(1);
  });

  it('a 24 GiB GPU with Ollama serving a model loaded at 64K passes everything', () => {
    const list = diagnose({
      nodeVersion: 'v24.1.0',
      hardware: hardware(64, [RTX_4090]),
      server: running(['qwen3-coder:30b'], [{ name: 'qwen3-coder:30b', contextLength: 65536 }]),
      contextLengthEnv: undefined,
    });
    expect(list.map((v) => v.status)).toEqual(list.map(() => 'pass'));
    expect(doctorExitCode(list)).toBe(0);
  });

  it('RAM below 16 GB is a warning', () => {
    expect(verdicts({ hardware: hardware(8, [RTX_4090]) }).ram.status).toBe('warn');
    expect(verdicts({ hardware: hardware(16, [RTX_4090]) }).ram.status).toBe('pass');
  });

  it('judges GPUs against 16–24 GB VRAM, Apple against 32 GB unified, unknown VRAM explicitly', () => {
    expect(verdicts({ hardware: hardware(64, [{ ...RTX_4090, vramBytes: 8 * GiB }]) }).gpu.status).toBe('warn');
    expect(verdicts({ hardware: hardware(64, [{ ...RTX_4090, vramBytes: 16 * GiB }]) }).gpu.status).toBe('pass');
    const apple = (ram: number): GpuInfo => ({
      vendor: 'Apple',
      model: 'Apple M3',
      vramBytes: ram * GiB * 0.75,
      unifiedMemory: true,
    });
    expect(verdicts({ hardware: hardware(16, [apple(16)]) }).gpu.status).toBe('warn');
    expect(verdicts({ hardware: hardware(64, [apple(64)]) }).gpu.status).toBe('pass');
    const unknown = verdicts({ hardware: hardware(64, [{ ...RTX_4090, vramBytes: null }]) }).gpu;
    expect(unknown.status).toBe('warn');
    expect(unknown.advice).toMatch(/--vram/);
  });

  it('Docker missing is a warning (the guide runs Claude Code in it), not a failure', () => {
    const docker = verdicts({ hardware: hardware(64, [RTX_4090], false) }).docker;
    expect(docker.status).toBe('warn');
    expect(docker.advice).toMatch(/docs\.docker\.com/);
  });

  it('no installed models: advice to pull one', () => {
    const models = verdicts({ server: running([]) }).models;
    expect(models.status).toBe('warn');
    expect(models.advice).toMatch(/ollama pull/);
  });

  it('context: a loaded model tells the truth; else OLLAMA_CONTEXT_LENGTH; else the VRAM tier', () => {
    const loadedSmall = verdicts({
      server: running(['a'], [{ name: 'a', contextLength: 8192 }]),
      contextLengthEnv: '131072',
    }).context;
    expect(loadedSmall.status).toBe('warn');
    expect(loadedSmall.finding).toMatch(/a is loaded with 8K/);
    expect(loadedSmall.advice).toMatch(/OLLAMA_CONTEXT_LENGTH=65536/);
    expect(verdicts({ contextLengthEnv: '65536' }).context.status).toBe('pass');
    // 24 GiB → Ollama's 32K tier: still short of Claude Code's 64K.
    expect(verdicts({}).context.finding).toMatch(/32K/);
    expect(verdicts({ hardware: hardware(128, [{ ...RTX_4090, vramBytes: 48 * GiB }]) }).context.status).toBe('pass');
  });

  it('context advice: an explicit context is kept (layers spill), q8_0 needs no OLLAMA_FLASH_ATTENTION=1', () => {
    const context = verdicts({}).context;
    expect(context.advice).toMatch(/OLLAMA_KV_CACHE_TYPE=q8_0/);
    expect(context.advice).not.toMatch(/OLLAMA_FLASH_ATTENTION=1/);
    expect(context.advice).toMatch(/keeps an explicit context/);
    expect(context.finding).toMatch(/lowers it one step/);
  });

  it('the default tier counts total memory minus OLLAMA_GPU_OVERHEAD per GPU', () => {
    const twoCards = hardware(128, [RTX_4090, { ...RTX_4090, model: 'RTX 4090 #2' }]);
    expect(verdicts({ hardware: twoCards }).context.finding).toMatch(/256K/);
    // 2 × (24 − 1) = 46 GiB < 47: the 32K tier.
    const reserved = verdicts({ hardware: twoCards, gpuOverheadEnv: String(1 * GiB) }).context;
    expect(reserved.finding).toMatch(/predicted server default 32K/);
    expect(reserved.finding).toMatch(/OLLAMA_GPU_OVERHEAD=1073741824 per GPU/);
  });

  it('an old Node fails', () => {
    expect(verdicts({ nodeVersion: 'v20.11.0' }).node.status).toBe('fail');
  });
});
