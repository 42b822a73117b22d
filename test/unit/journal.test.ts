import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cutTornTail, Journal, JournalWriteError, pairKey, readJournal } from '../../src/run/journal.js';
import type { ResultRecord } from '../../src/types.js';

const dir = mkdtempSync(join(tmpdir(), 'bench-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const record = (suite: ResultRecord['suite'], metric: string, status: ResultRecord['status']): ResultRecord => ({
  run_id: 'r',
  model: 'm',
  suite,
  metric,
  value: null,
  unit: '',
  status,
  detail: '',
  time: '',
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
    writeFileSync(
      damaged,
      '{"kind":"begin","model":"m","suite":"memory"}\nnot json\n{"kind":"done","model":"m","suite":"memory"}\n',
    );
    expect(() => readJournal(damaged)).toThrow(/damaged\.jsonl:2/);
  });

  it('is empty for a run that never started', () => {
    expect(readJournal(join(dir, 'missing.jsonl'))).toEqual({
      start: null,
      records: [],
      done: new Set(),
      costs: [],
      tornAt: null,
    });
  });
});

describe('readJournal refuses what is not one run of this tool', () => {
  const OPTIONS = {
    models: ['m'],
    suites: ['throughput'],
    simulated: true,
    host: '',
    backend: 'auto',
    reps: 1,
    parallel: 1,
    timeoutMs: 1000,
    failOn: null,
    claudeCodeVersion: 'latest',
  };
  const start = (runId: string, options: unknown = OPTIONS) => ({ kind: 'start', runId, environment: {}, options });

  it('a start with `options: null` (or damaged options) is named, not a TypeError later', () => {
    expect(() => readJournal(write('null-options.jsonl', [start('r', null)]))).toThrow(
      /null-options\.jsonl:1: the run start has no options \(options: null\)/,
    );
    expect(() => readJournal(write('bad-options.jsonl', [start('r', { ...OPTIONS, reps: 'three' })]))).toThrow(
      /bad-options\.jsonl:1: the run start has damaged options \(reps: /,
    );
  });

  it('two runs in one journal, or records of a model the run does not test', () => {
    expect(() => readJournal(write('two-runs.jsonl', [start('r1'), start('r2')]))).toThrow(
      /two-runs\.jsonl:2: a second run start \(run r2 after r1\)/,
    );
    const foreign = write('foreign.jsonl', [start('r1'), { kind: 'begin', model: 'other', suite: 'throughput' }]);
    expect(() => readJournal(foreign)).toThrow(
      /foreign\.jsonl:2: a begin of model "other", which run r1 does not test \(m\)/,
    );
  });

  it('a torn tail is reported with where to cut, and cutting it leaves a journal that reads whole', () => {
    const path = write(
      'torn-cut.jsonl',
      [start('r'), { kind: 'begin', model: 'm', suite: 'throughput' }],
      '{"kind":"record","rec',
    );
    const state = readJournal(path);
    expect(state.tornAt).toBe(readFileSync(path, 'utf8').indexOf('{"kind":"record"'));
    cutTornTail(path, state.tornAt!);
    expect(readJournal(path).tornAt).toBeNull();
  });
});

describe('Journal', () => {
  it('a write that fails (a full disk: /dev/full) is a JournalWriteError naming the reason, reported once', () => {
    const failures: JournalWriteError[] = [];
    const journal = new Journal('/dev/full', (error) => failures.push(error));
    journal.append({ kind: 'begin', model: 'm', suite: 'throughput' });
    journal.append({ kind: 'begin', model: 'm', suite: 'memory' });
    expect(failures).toHaveLength(1);
    expect(failures[0].message).toBe('cannot write /dev/full: no space left on the device (ENOSPC)');
    expect(() => new Journal('/dev/full').append({ kind: 'begin', model: 'm', suite: 'throughput' })).toThrow(
      JournalWriteError,
    );
  });
});
