import { describe, expect, it } from 'vitest';
import { contextFix } from '../../src/launch/context-fix.js';
import type { NeedleProbe } from '../../suites/context/probes.js';
import type { SearchResult } from '../../suites/context/search.js';
import { estimateServerContext, observedOverflow, type ServerMeasurement } from '../../suites/context/server.js';
import { overflowMetric, promptFitsMetric } from '../../suites/context/verdicts.js';

function probe(contextLength: number, outcome: 'retrieved' | 'missed' | 'rejected'): NeedleProbe {
  return {
    contextLength,
    promptChars: contextLength * 4,
    expectedTokens: contextLength,
    serverTokens: contextLength,
    asked: outcome === 'rejected' ? [] : [{ depth: 0, answer: outcome, reply: '' }],
    failure:
      outcome === 'rejected'
        ? { kind: 'rejected', message: 'HTTP 400: the prompt is longer than the context length' }
        : null,
    allRetrieved: outcome === 'retrieved',
  };
}

function measurement(
  search: Partial<SearchResult>,
  loadedContext: number | null,
  probes: NeedleProbe[] = [],
  calibrated = true,
): ServerMeasurement {
  return {
    search: { largestFit: null, smallestLoss: null, stopped: null, steps: [], ...search },
    probes,
    loadedContext,
    calibrated,
  };
}

describe('estimateServerContext', () => {
  it('takes /api/ps when it agrees with the measured bracket', () => {
    expect(estimateServerContext(measurement({ largestFit: 4096, smallestLoss: 5120 }, 4096))).toEqual({
      tokens: 4096,
      source: 'measured+ps',
    });
  });

  it('keeps the measurement when /api/ps disagrees or is missing', () => {
    expect(estimateServerContext(measurement({ largestFit: 4096, smallestLoss: 5120 }, 65536))).toEqual({
      tokens: 4096,
      source: 'measured',
    });
    expect(estimateServerContext(measurement({ largestFit: 65536, smallestLoss: 66560 }, null))).toEqual({
      tokens: 65536,
      source: 'measured',
    });
  });

  it('falls back to /api/ps only when the model failed the short calibration probe', () => {
    expect(estimateServerContext(measurement({ smallestLoss: 1024 }, 4096, [], false))).toEqual({
      tokens: 4096,
      source: 'ps',
    });
  });
});

describe('observedOverflow', () => {
  it('names a 400 refusal', () => {
    expect(observedOverflow(measurement({}, null, [probe(2048, 'retrieved'), probe(8192, 'rejected')]))).toBe(
      'rejects_400',
    );
  });
  it('names a lost needle as silent truncation', () => {
    expect(observedOverflow(measurement({}, null, [probe(2048, 'retrieved'), probe(8192, 'missed')]))).toBe(
      'truncates_silently',
    );
  });
  it('says nothing when no prompt went over, or when the model cannot answer at all', () => {
    expect(observedOverflow(measurement({}, null, [probe(2048, 'retrieved')]))).toBeNull();
    expect(observedOverflow(measurement({}, null, [probe(1024, 'missed')], false))).toBeNull();
  });
});

describe('promptFitsMetric', () => {
  const fix = contextFix('sim-good', { required: 65536, claimed: 131072, effective: 131072 });

  it('fails below the requirement with the exact fix', () => {
    const metric = promptFitsMetric({ tokens: 4096, source: 'measured+ps' }, false, 65536, fix);
    expect(metric.status).toBe('fail');
    expect(metric.advice).toContain('OLLAMA_CONTEXT_LENGTH=65536 ollama serve');
    expect(metric.advice).toContain('ollama create sim-good-64k -f Modelfile');
    expect(metric.detail).toContain('OLLAMA_CONTEXT_LENGTH=65536 ollama serve');
  });

  it('passes at the requirement', () => {
    expect(promptFitsMetric({ tokens: 65536, source: 'measured' }, false, 65536, fix).status).toBe('pass');
  });

  it('says no setting helps when the server already gives all the model was trained for', () => {
    const short = contextFix('short', { required: 65536, claimed: 32768, effective: null });
    const atCap = promptFitsMetric({ tokens: 32768, source: 'measured' }, false, 65536, short);
    expect(atCap.status).toBe('fail');
    expect(atCap.detail).toMatch(/already the model's trained context \(32768\)/);
    expect(atCap.advice).not.toContain('ollama serve');
    const belowCap = promptFitsMetric({ tokens: 4096, source: 'measured' }, false, 65536, short);
    expect(belowCap.advice).toContain('OLLAMA_CONTEXT_LENGTH=32768 ollama serve');
  });

  it('is an error, not a verdict, when the measurement stopped below the requirement', () => {
    expect(promptFitsMetric({ tokens: 8192, source: 'measured' }, true, 65536, fix).status).toBe('error');
  });
});

describe('overflowMetric', () => {
  const fix = contextFix('m', { required: 65536, claimed: 131072, effective: null });
  it('warns on silent truncation and fails on refusal when the prompt does not fit', () => {
    expect(overflowMetric('truncates_silently', 'messages', false, 4096, fix).status).toBe('warn');
    expect(overflowMetric('rejects_400', 'messages', false, 4096, fix).status).toBe('fail');
    expect(overflowMetric('rejects_400', 'messages', true, 65536, fix).status).toBe('warn');
    expect(overflowMetric(null, 'native', true, 65536, fix).status).toBe('skip');
  });
});
