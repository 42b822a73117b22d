import { describe, expect, it } from 'vitest';
import { escapeMarkdownKeepingCode } from '../../src/report/escape.js';

describe('escapeMarkdownKeepingCode (the harness advice)', () => {
  it('keeps complete code spans as code and escapes the prose around them', () => {
    expect(escapeMarkdownKeepingCode('Run `OLLAMA_CONTEXT_LENGTH=65536 ollama serve` for *all* <models>')).toBe(
      'Run `OLLAMA_CONTEXT_LENGTH=65536 ollama serve` for \\*all\\* &lt;models&gt;',
    );
  });
  it('escapes a lone backtick, so a cut span cannot swallow the rest of the report', () => {
    expect(escapeMarkdownKeepingCode('use `ollama create x')).toBe('use \\`ollama create x');
  });
  it('puts everything on one line', () => {
    expect(escapeMarkdownKeepingCode('a\nb')).not.toContain('\n');
  });
});
