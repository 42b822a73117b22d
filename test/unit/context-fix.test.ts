import { describe, expect, it } from 'vitest';
import { contextFix, REQUIRED_CONTEXT_TOKENS } from '../../src/launch/context-fix.js';

describe('contextFix', () => {
  it('gives the exact server and Modelfile commands for 64K', () => {
    const fix = contextFix('qwen3:8b', { required: REQUIRED_CONTEXT_TOKENS, claimed: 131072, effective: 131072 });
    expect(fix.targetTokens).toBe(65536);
    expect(fix.cappedBy).toBeNull();
    expect(fix.serverCommand).toBe('OLLAMA_CONTEXT_LENGTH=65536 ollama serve');
    expect(fix.modelfile).toBe('FROM qwen3:8b\nPARAMETER num_ctx 65536');
    expect(fix.createCommand).toBe('ollama create qwen3:8b-64k -f Modelfile');
    for (const part of [fix.serverCommand, 'FROM qwen3:8b', 'PARAMETER num_ctx 65536', fix.createCommand])
      expect(fix.text).toContain(part);
  });

  it('caps at the claimed context when it is smaller, and says so', () => {
    const fix = contextFix('sim-short-ctx', { required: 65536, claimed: 8192, effective: null });
    expect(fix).toMatchObject({
      targetTokens: 8192,
      cappedBy: 'claimed',
      serverCommand: 'OLLAMA_CONTEXT_LENGTH=8192 ollama serve',
      createCommand: 'ollama create sim-short-ctx-8k -f Modelfile',
    });
    expect(fix.text).toContain('trained for 8192');
  });

  it('caps at the effective context (whole KiB) when that is smaller still', () => {
    const fix = contextFix('m', { required: 65536, claimed: 131072, effective: 40000 });
    expect(fix.cappedBy).toBe('effective');
    expect(fix.targetTokens).toBeLessThanOrEqual(40000);
    expect(fix.targetTokens % 1024).toBe(0);
    expect(40000 - fix.targetTokens).toBeLessThan(1024);
    expect(fix.text).toContain('40000');
  });
});
