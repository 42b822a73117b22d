// The per-slot prompt cache (llama-server's): longest common prefix, slot choice, waiting for a slot.
import { describe, expect, it } from 'vitest';
import { commonPrefixLength, PromptCache } from '../../src/sim/prompt-cache.js';

const tokens = (text: string): number => Math.ceil(text.length / 4);

describe('sim prompt cache', () => {
  it('reuses the prefix a slot holds, prompt and reply, and always processes one token', async () => {
    const cache = new PromptCache(1, true);
    const first = await cache.acquire('abcdefgh', tokens('abcdefgh'));
    expect(first.cachedTokens).toBe(0);
    cache.release(first.slot, 'REPLY', 2);
    const next = 'abcdefghREPLYmore';
    expect((await cache.acquire(next, tokens(next))).cachedTokens).toBe(3); // 13 common characters
    cache.release(cache.slots[0], '', 0);
    expect((await cache.acquire(next, tokens(next))).cachedTokens).toBe(tokens(next) - 1);
  });

  it('processes everything with cachePrompt false', async () => {
    const cache = new PromptCache(1, true);
    cache.release((await cache.acquire('abcdefgh', 2)).slot, '', 0);
    expect((await cache.acquire('abcdefgh', 2, { cachePrompt: false })).cachedTokens).toBe(0);
  });

  it('picks the slot with the longest shared prefix, else the least recently used', async () => {
    const cache = new PromptCache(2, true);
    const a = await cache.acquire('aaaaaaaaaaaa', 3);
    const b = await cache.acquire('bbbbbbbbbbbb', 3);
    cache.release(a.slot, '', 0);
    cache.release(b.slot, '', 0);
    expect((await cache.acquire('bbbbbbbbbbbbcccc', 4)).slot.id).toBe(b.slot.id);
    cache.release(b.slot, '', 0);
    expect((await cache.acquire('zzzz', 1)).slot.id).toBe(a.slot.id);
  });

  it('waits for a free slot when every slot is busy', async () => {
    const cache = new PromptCache(1, true);
    const held = await cache.acquire('one', 1);
    let second = false;
    const waiting = cache.acquire('two', 1).then((hit) => {
      second = true;
      return hit;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(second).toBe(false);
    cache.release(held.slot, '', 0);
    expect((await waiting).slot.id).toBe(0);
  });

  it('compares prefixes character by character', () => {
    expect(commonPrefixLength('hello world', 'hello there')).toBe(6);
    expect(commonPrefixLength('', 'x')).toBe(0);
  });
});
