import { describe, expect, it } from 'vitest';
import type { ModelArchitecture } from '../../src/hardware/fit.js';
import { fitAdvice } from '../../suites/memory/advice.js';

const GiB = 1024 ** 3;
const LLAMA_8B: ModelArchitecture = { family: 'llama', parameterCount: 8.03e9, blockCount: 32, headCountKv: 8, keyLength: 128, valueLength: 128, contextLength: 131072 };

describe('fitAdvice', () => {
  it('12 GiB and 64K wanted: a q8_0 cache with flash attention, or a smaller context', () => {
    const advice = fitAdvice({ arch: LLAMA_8B, weightsBytes: 4.9e9, vramBytes: 12 * GiB }, 65536);
    expect(advice).toMatch(/OLLAMA_KV_CACHE_TYPE=q8_0 with OLLAMA_FLASH_ATTENTION=1/);
    expect(advice).toMatch(/lower the context to \d+K \(OLLAMA_CONTEXT_LENGTH=\d+/);
  });

  it('weights larger than the GPU: a smaller quantization or model', () => {
    const advice = fitAdvice({ arch: LLAMA_8B, weightsBytes: 16e9, vramBytes: 8 * GiB }, 65536);
    expect(advice).toMatch(/weights alone .* do not fit/);
    expect(advice).toMatch(/smaller quantization/);
    expect(advice).not.toMatch(/KV_CACHE_TYPE/);
  });
});
