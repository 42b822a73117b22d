// Hand-built records and runs for the reporter tests (never produced by the code under test).
import type { ResultRecord, RunFile } from '../../src/types.js';

export function record(
  fields: Partial<ResultRecord> & Pick<ResultRecord, 'model' | 'suite' | 'metric' | 'status'>,
): ResultRecord {
  return { run_id: 'run-1', value: 1, unit: '', detail: '', time: '2025-01-02T03:04:05.000Z', ...fields };
}

export function runOf(records: ResultRecord[], simulated = false): RunFile {
  return {
    schema: 'claude-code-bench/run@2',
    runId: 'run-1',
    environment: {
      harnessVersion: '0.1.0',
      nodeVersion: 'v24.0.0',
      server: { backend: 'ollama', url: 'http://127.0.0.1:11434', version: '0.12.0' },
      simulated,
      hardware: {
        cpu: { model: 'Test CPU', cores: 8, physicalCores: 4 },
        memory: { totalBytes: 32 * 1024 ** 3, freeBytes: 16 * 1024 ** 3 },
        gpus: [{ vendor: 'NVIDIA', model: 'RTX Test', vramBytes: 24 * 1024 ** 3, unifiedMemory: false }],
        os: { platform: 'linux', distro: 'Debian', release: '12', arch: 'x64' },
        docker: { available: false, version: null, detail: 'not installed' },
      },
      startedAt: '2025-01-02T03:00:00.000Z',
      endedAt: '2025-01-02T03:10:00.000Z',
      commandLine: ['bench', 'run'],
      interrupted: false,
    },
    options: {
      models: [...new Set(records.map((r) => r.model))],
      suites: ['throughput', 'tool-use'],
      simulated,
      host: 'http://127.0.0.1:11434',
      backend: 'auto',
      reps: 3,
      parallel: 1,
      timeoutMs: 120000,
      failOn: null,
      claudeCodeVersion: '2.1.0',
    },
    records,
  };
}
