import { describe, expect, it } from 'vitest';
import { effectiveContext, fitPrompt, GIB, PROMPT_TOO_LONG, serverDefaultContext } from '../../src/sim/context.js';
import type { SimConversation, SimMessage } from '../../src/sim/conversation.js';
import { SimError } from '../../src/sim/errors.js';

const message = (role: SimMessage['role'], text: string): SimMessage => ({ role, text });
const conversation = (...messages: SimMessage[]): SimConversation => ({ messages, tools: [] });

describe('sim server default context', () => {
  it('follows the VRAM tiers', () => {
    expect(serverDefaultContext(16 * GIB)).toBe(4096);
    expect(serverDefaultContext(22.9 * GIB)).toBe(4096);
    expect(serverDefaultContext(24 * GIB)).toBe(32768);
    expect(serverDefaultContext(46 * GIB)).toBe(32768);
    expect(serverDefaultContext(48 * GIB)).toBe(262144);
  });

  it('lets OLLAMA_CONTEXT_LENGTH override the tiers', () => {
    expect(serverDefaultContext(16 * GIB, 65536)).toBe(65536);
    expect(serverDefaultContext(80 * GIB, 8192)).toBe(8192);
  });

  it('caps the requested or default context at the trained context', () => {
    expect(effectiveContext(undefined, 4096, 131072)).toBe(4096);
    expect(effectiveContext(32768, 4096, 131072)).toBe(32768);
    expect(effectiveContext(32768, 4096, 8192)).toBe(8192);
    expect(effectiveContext(undefined, 262144, 131072)).toBe(131072);
  });
});

describe('sim prompt fitting', () => {
  it('keeps a prompt that fits untouched', () => {
    const input = conversation(message('system', 'be brief'), message('user', 'hello'));
    const fitted = fitPrompt(input, 4096, { contextShift: true });
    expect(fitted.conversation.messages).toEqual(input.messages);
    expect(fitted.droppedMessages).toBe(0);
    expect(fitted.promptTokens).toBe(fitted.fullTokens);
  });

  it('drops the oldest non-system messages first and keeps system messages and the last message', () => {
    const old = 'o'.repeat(400); // 100 tokens each
    const input = conversation(
      message('system', 'S'.repeat(40)),
      message('user', old),
      message('assistant', old),
      message('user', 'the question'),
    );
    const fitted = fitPrompt(input, 100, { contextShift: true });
    expect(fitted.conversation.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(fitted.conversation.messages.at(-1)?.text).toBe('the question');
    expect(fitted.droppedMessages).toBe(2);
  });

  it('cuts the head of a last message that alone is too long, keeping its end', () => {
    const long = `START ${'filler '.repeat(2000)}The secret code for X is 7. What is it?`;
    const fitted = fitPrompt(conversation(message('user', long)), 1000, { contextShift: true });
    const seen = fitted.conversation.messages[0].text;
    expect(seen.endsWith('What is it?')).toBe(true);
    expect(seen.length).toBeLessThan(long.length);
    expect(fitted.promptTokens).toBeLessThan(1000);
    expect(fitted.cutTokens).toBeGreaterThan(0);
    // num_keep: the first 4 tokens (16 characters) survive the cut.
    expect(seen.startsWith(long.slice(0, 16))).toBe(true);
  });

  it('refuses an over-long prompt without context shift (deepseek2)', () => {
    const long = 'x'.repeat(10_000);
    expect(() => fitPrompt(conversation(message('user', long)), 1000, { contextShift: false })).toThrowError(
      new SimError(400, PROMPT_TOO_LONG),
    );
  });
});
