import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pairKey, readJournal } from '../../src/run/journal.js';
import type { ResultRecord } from '../../src/types.js';

const dir = mkdtempSync(join(tmpdir(), 'bench-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const record = (suite: ResultRecord['suite'], metric: string, status: ResultRecord['status']): ResultRecord => ({
  run_id: 'r', model: 'm', suite, metric, value: null, unit: '', status, detail: '', time: '',
});
const write = (name: string, lines: unknown[], tail = '') => {
  const path = join(dir, name);
  writeFileSync(path, lines.map((line) => JSON.stringify(line)).join('\n') + '\n' + tail);
  return path;
};

describe('readJournal', () => {
  it('keeps only the last finished attempt of each pair', () => {
    const path = write('attempts.jsonl', [
      { kind: 'begin', model: 'm', suite: 'throughput' },
      { kind: 'record', record: record('throughput', 'load_ms', 'error') }, // attempt that only errored: no done
      { kind: 'begin', model: 'm', suite: 'throughput' },
      { kind: 'record', record: record('throughput', 'load_ms', 'pass') },
      { kind: 'done', model: 'm', suite: 'throughput' },
      { kind: 'begin', model: 'm', suite: 'memory' },
      { kind: 'record', record: record('memory', 'vram_bytes', 'pass') }, // cut off mid-suite
    ]);
    const state = readJournal(path);
    expect(state.records.map((r) => `${r.suite}/${r.metric}/${r.status}`)).toEqual(['throughput/load_ms/pass']);
    expect([...state.done]).toEqual([pairKey('m', 'throughput')]);
  });

  it('ignores a torn last line but rejects damage in the middle', () => {
    const torn = write('torn.jsonl', [{ kind: 'begin', model: 'm', suite: 'memory' }], '{"kind":"rec');
    expect(readJournal(torn).records).toEqual([]);
    const damaged = join(dir, 'damaged.jsonl');
    writeFileSync(damaged, '{"kind":"begin","model":"m","suite":"memory"}\nnot json\n{"kind":"done","model":"m","suite":"memory"}\n');
    expect(() => readJournal(damaged)).toThrow(/damaged\.jsonl:2/);
  });

  it('is empty for a run that never started', () => {
    expect(readJournal(join(dir, 'missing.jsonl'))).toEqual({ start: null, records: [], done: new Set(), tornAt: null });
  });
});
