import { describe, expect, it } from 'vitest';
import { parseRunFile, RunFileError, toJson } from '../../src/run/run-file.js';
import { record, runOf } from '../helpers/run-fixtures.js';

const run = runOf([
  record({
    model: 'm',
    suite: 'tool-use',
    metric: 'tool_use.single',
    value: 0.5,
    unit: 'ratio',
    status: 'warn',
    advice: 'do x',
    data: { zeta: 1, alpha: { b: 2, a: 1 } },
  }),
  record({ model: 'm', suite: 'throughput', metric: 'decode_tps', value: null, status: 'error', detail: 'HTTP 500' }),
]);

describe('toJson / parseRunFile', () => {
  it('round-trips a run', () => {
    expect(parseRunFile(toJson(run), 'run.json')).toEqual(run);
  });

  it('writes the same text whatever order the keys were built in', () => {
    const reordered = JSON.parse(JSON.stringify(run), (_key, value: unknown) =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).reverse())
        : value,
    );
    expect(toJson(reordered)).toBe(toJson(run));
    const text = toJson(reordered);
    expect(text.indexOf('"schema"')).toBeLessThan(text.indexOf('"runId"'));
    expect(text.indexOf('"alpha"')).toBeLessThan(text.indexOf('"zeta"'));
  });

  it('rejects text that is not JSON, naming the file', () => {
    expect(() => parseRunFile('{"schema": ', 'results/x/run.json')).toThrow(/^results\/x\/run\.json: not valid JSON/);
  });

  it('rejects a wrong schema, naming the file and the field', () => {
    const broken = JSON.parse(toJson(run));
    broken.records[1].status = 'great';
    delete broken.environment.simulated;
    let error: unknown;
    try {
      parseRunFile(JSON.stringify(broken), 'results/y/run.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RunFileError);
    const message = (error as Error).message;
    expect(message).toMatch(/^results\/y\/run\.json: /);
    expect(message).toContain('records.1.status');
    expect(message).toContain('environment.simulated');
  });

  it("keeps a custom suite's records and reads them back; a suite id must still look like one", () => {
    const custom = runOf([record({ model: 'm', suite: 'my-suite', metric: 'latency_ms', value: 12, status: 'pass' })]);
    custom.options.suites = ['throughput', 'my-suite'];
    expect(parseRunFile(toJson(custom), 'run.json')).toEqual(custom);
    const odd = JSON.parse(toJson(custom));
    odd.records[0].suite = 'My Suite!';
    expect(() => parseRunFile(JSON.stringify(odd), 'r.json')).toThrow(/records\.0\.suite/);
  });

  it('rejects another file format version', () => {
    const other = { ...JSON.parse(toJson(run)), schema: 'claude-code-bench/run@3' };
    expect(() => parseRunFile(JSON.stringify(other), 'r.json')).toThrow(/r\.json: .*schema/);
  });

  it('reads a run@1 file (Ollama only, from before backends) as run@2', () => {
    const current = JSON.parse(toJson(run));
    const { server, ...environment } = current.environment;
    const { host, backend: _backend, ...options } = current.options;
    const legacy = {
      ...current,
      schema: 'claude-code-bench/run@1',
      environment: { ...environment, ollamaHost: server.url, ollamaVersion: server.version },
      options: { ...options, ollamaHost: host },
    };
    const read = parseRunFile(JSON.stringify(legacy), 'old.json');
    expect(read.schema).toBe('claude-code-bench/run@2');
    expect(read.environment.server).toEqual({ backend: 'ollama', url: server.url, version: server.version });
    expect(read.options).toMatchObject({ host, backend: 'ollama' });
    expect(read.records).toEqual(run.records);
  });

  it('rejects a JSON value that is not an object', () => {
    expect(() => parseRunFile('[]', 'r.json')).toThrow(/^r\.json: /);
  });
});

describe('parseRunFile on an empty file', () => {
  it('says the file is empty', () => {
    expect(() => parseRunFile('  \n', 'results/z/run.json')).toThrow('results/z/run.json: the file is empty');
  });
});
