import { describe, expect, it } from 'vitest';
import {
  looksLikeToken,
  redactDeep,
  redactHeaders,
  redactText,
  redactUrl,
  registerSecret,
  urlSecrets,
} from '../../src/shared/redact.js';

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
    const text =
      'ANTHROPIC_API_KEY=sk-ant-api03-abcdefghijklmnop Authorization: Bearer s3cr3tvalue OLLAMA_HOST=http://h:1';
    const out = redactText(text);
    expect(out).not.toContain('sk-ant-api03');
    expect(out).not.toContain('s3cr3tvalue');
    expect(out).toContain('OLLAMA_HOST=http://h:1');
  });
  it('masks secret headers and nested values', () => {
    expect(redactHeaders({ authorization: 'Bearer x', 'x-api-key': 'k', accept: 'json' })).toEqual({
      authorization: '[redacted]',
      'x-api-key': '[redacted]',
      accept: 'json',
    });
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

describe('tokens in any URL', () => {
  it('masks userinfo, token-like path segments and secret or token-like query values, keeping the rest as written', () => {
    expect(redactText('POST http://h:11434/sk-ant-api03-XXXXXXXXXXXXXXXX/api/chat failed')).toBe(
      'POST http://h:11434/[redacted]/api/chat failed',
    );
    expect(redactText('at https://gw.example/v1/9f86d081884c7d659a2feaa0c55ad015/api/tags: 404')).toBe(
      'at https://gw.example/v1/[redacted]/api/tags: 404',
    );
    expect(redactText('http://h:1/api?key=hunter22&model=llama3.1:8b&sig=Zm9vYmFy0123456789abcd')).toBe(
      'http://h:1/api?key=[redacted]&model=llama3.1:8b&sig=[redacted]',
    );
    expect(redactText('see http://bob:pw@h:1/x')).toBe('see http://[redacted]@h:1/x');
    // Ordinary URLs and their punctuation are untouched.
    expect(redactText('at http://127.0.0.1:11434: connection refused')).toBe(
      'at http://127.0.0.1:11434: connection refused',
    );
    expect(redactText('http://127.0.0.1:11434/api/show qwen2.5-coder:32b')).toBe(
      'http://127.0.0.1:11434/api/show qwen2.5-coder:32b',
    );
    expect(redactUrl('http://gpu-box:11434/ollama')).toBe('http://gpu-box:11434/ollama');
  });

  it('a token registered once (from --host) is masked even outside a URL', () => {
    registerSecret('opaque-gateway-secret-value');
    expect(redactText('POST /opaque-gateway-secret-value/api/chat: 500')).toBe('POST /[redacted]/api/chat: 500');
  });

  it('urlSecrets names the credential-looking parts of a URL, and nothing short or plain', () => {
    expect(urlSecrets('http://alice:hunter2-long@h:1/ollama/sk-ant-api03-abcdefghijklmnop/?token=abcdefgh')).toEqual([
      'hunter2-long',
      'sk-ant-api03-abcdefghijklmnop',
      'abcdefgh',
    ]);
    expect(urlSecrets('http://127.0.0.1:11434')).toEqual([]);
  });

  it('looksLikeToken: long mixed letters and digits, or a known shape; not model names or words', () => {
    for (const token of [
      'sk-ant-api03-abcdefghijk',
      '9f86d081884c7d659a2feaa0c55ad015',
      'ghp_abcdefghijklmnopqrstuvwx12',
    ])
      expect(looksLikeToken(token), token).toBe(true);
    for (const plain of ['ollama', 'api', 'qwen2.5-coder:32b', 'llama3.1', 'v1', 'claude-code-bench', 'completions'])
      expect(looksLikeToken(plain), plain).toBe(false);
  });

  it('NAME=value masks secret names but not counts (…_MAX_CONTEXT_TOKENS) or the dummy token', () => {
    expect(
      redactText(
        "HF_TOKEN=abcdefghijkl CLAUDE_CODE_MAX_CONTEXT_TOKENS=65536 ANTHROPIC_AUTH_TOKEN=ollama ANTHROPIC_API_KEY=''",
      ),
    ).toBe("HF_TOKEN=[redacted] CLAUDE_CODE_MAX_CONTEXT_TOKENS=65536 ANTHROPIC_AUTH_TOKEN=ollama ANTHROPIC_API_KEY=''");
  });
});
