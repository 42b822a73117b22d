import { describe, expect, it } from 'vitest';
import { maxContextInVram, type ModelArchitecture } from '../../src/hardware/fit.js';
import { fitAdvice } from '../../suites/memory/advice.js';
import { findCatalogModel } from '../../src/hardware/catalog.js';
import { llamaServerAdvice } from '../../src/servers/llama-server.js';
import { ollamaAdvice } from '../../src/servers/ollama.js';

const GiB = 1024 ** 3;
const LLAMA_8B: ModelArchitecture = {
  family: 'llama',
  parameterCount: 8.03e9,
  blockCount: 32,
  headCountKv: 8,
  keyLength: 128,
  valueLength: 128,
  contextLength: 131072,
};

describe('fitAdvice', () => {
  it('12 GiB and 64K wanted: a q8_0 cache (flash attention is already on by default), or a smaller context', () => {
    const advice = fitAdvice({ arch: LLAMA_8B, weightsBytes: 4.9e9, vramBytes: 12 * GiB }, 65536, ollamaAdvice);
    expect(advice).toMatch(/set OLLAMA_KV_CACHE_TYPE=q8_0 on the Ollama server/);
    expect(advice).not.toMatch(/OLLAMA_FLASH_ATTENTION=1/);
    expect(advice).toMatch(/leave OLLAMA_FLASH_ATTENTION unset/);
    expect(advice).toMatch(/lower the context to \d+K \(OLLAMA_CONTEXT_LENGTH=\d+/);
  });

  it('gemma3 12B: its sliding windows keep 128K in f16 on 24 GiB (no advice needed); on 12 GiB a q8_0 cache reaches 64K', () => {
    const gemma = findCatalogModel('gemma3:12b')!;
    // The suite asks for advice only when the f16 maximum is short of what is wanted.
    expect(maxContextInVram(gemma.arch, gemma.sizeBytes, 24 * GiB, 'f16')).toBe(131072);
    const advice = fitAdvice(
      { arch: gemma.arch, weightsBytes: gemma.sizeBytes, vramBytes: 12 * GiB },
      65536,
      ollamaAdvice,
    );
    expect(advice).toMatch(/OLLAMA_KV_CACHE_TYPE=q8_0 .*: 64K tokens then fit/);
  });

  it('weights larger than the GPU: a smaller quantization or model', () => {
    const advice = fitAdvice({ arch: LLAMA_8B, weightsBytes: 16e9, vramBytes: 8 * GiB }, 65536, ollamaAdvice);
    expect(advice).toMatch(/weights alone .* do not fit/);
    expect(advice).toMatch(/smaller quantization/);
    expect(advice).not.toMatch(/KV_CACHE_TYPE/);
  });

  it('on llama-server: its flags, never Ollama variables', () => {
    const advice = fitAdvice({ arch: LLAMA_8B, weightsBytes: 4.9e9, vramBytes: 12 * GiB }, 65536, llamaServerAdvice);
    expect(advice).toMatch(/restart llama-server with `--cache-type-k q8_0 --cache-type-v q8_0`/);
    expect(advice).toMatch(/lower the context to \d+K \(`-c \d+`/);
    expect(advice).not.toMatch(/OLLAMA_/);
  });
});
