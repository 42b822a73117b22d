import { describe, expect, it } from 'vitest';
import { redactDeep, redactHeaders, redactText, redactUrl } from '../../src/run/redact.js';

describe('redaction', () => {
  it('drops URL credentials and secret query values', () => {
    const out = redactUrl('http://alice:hunter2@gpu-box:11434/api?token=abc123&model=x');
    expect(out).not.toContain('hunter2');
    expect(out).not.toContain('alice');
    expect(out).not.toContain('abc123');
    expect(out).toContain('gpu-box:11434');
    expect(out).toContain('model=x');
  });
  it('masks token shapes and secret-named assignments in text', () => {
    const text = 'ANTHROPIC_API_KEY=sk-ant-api03-abcdefghijklmnop Authorization: Bearer s3cr3tvalue OLLAMA_HOST=http://h:1';
    const out = redactText(text);
    expect(out).not.toContain('sk-ant-api03');
    expect(out).not.toContain('s3cr3tvalue');
    expect(out).toContain('OLLAMA_HOST=http://h:1');
  });
  it('masks secret headers and nested values', () => {
    expect(redactHeaders({ authorization: 'Bearer x', 'x-api-key': 'k', accept: 'json' })).toEqual({ authorization: '[redacted]', 'x-api-key': '[redacted]', accept: 'json' });
    const deep = redactDeep({ env: { ANTHROPIC_AUTH_TOKEN: 'planted-123' }, list: ['Bearer abcdefgh'] });
    expect(JSON.stringify(deep)).not.toContain('planted-123');
    expect(JSON.stringify(deep)).not.toContain('abcdefgh');
  });
});

describe('secret environment values', () => {
  it('masks the value of a secret-named variable wherever it appears, but not the dummy token', () => {
    process.env.BENCH_TEST_SECRET_TOKEN = 'zz-planted-value-42';
    process.env.BENCH_TEST_AUTH_TOKEN = 'ollama';
    try {
      expect(redactText('echo zz-planted-value-42 and ollama serve')).toBe('echo [redacted] and ollama serve');
    } finally {
      delete process.env.BENCH_TEST_SECRET_TOKEN;
      delete process.env.BENCH_TEST_AUTH_TOKEN;
    }
  });
});
