// The prompt cache as llama-server keeps it (server-context.cpp): each slot holds the tokens of its
// last prompt plus what it generated, and a new prompt reuses the longest common prefix with them.
// Tokens are the simulator's (4 characters each), so the prefix is compared on the rendered text.
import { CHARS_PER_TOKEN } from './tokens.js';

/** What /slots tells about a slot's last task. */
export interface SlotTask {
  idTask: number;
  promptTokens: number;
  cachedTokens: number;
  processedTokens: number;
  decoded: number;
  maxTokens: number;
  stream: boolean;
}

export interface Slot {
  readonly id: number;
  /** The rendered prompt and output of its last task (what its KV cache holds). */
  text: string;
  busy: boolean;
  lastUsed: number;
  task: SlotTask | null;
}

export interface CacheHit {
  slot: Slot;
  /** Prompt tokens served from the slot's cache. */
  cachedTokens: number;
}

/** llama-server reuses a slot whose cached prompt is at least this similar (`--slot-prompt-similarity`). */
const SIMILARITY = 0.1;

export function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

let taskCounter = 0;

export class PromptCache {
  readonly slots: Slot[];
  private readonly waiting: (() => void)[] = [];
  private clock = 0;

  /** `queue`: a request waits for a free slot (llama-server defers it); else it shares the least recently used one. */
  constructor(
    slotCount: number,
    private readonly queue: boolean,
  ) {
    this.slots = Array.from({ length: Math.max(1, slotCount) }, (_, id) => ({
      id,
      text: '',
      busy: false,
      lastUsed: 0,
      task: null,
    }));
  }

  private pick(prompt: string, idSlot: number | undefined): Slot | undefined {
    const idle = this.slots.filter((slot) => !slot.busy || !this.queue);
    if (idSlot !== undefined && idSlot >= 0) return idle.find((slot) => slot.id === idSlot);
    let best: Slot | undefined;
    let bestLength = 0;
    for (const slot of idle) {
      const length = commonPrefixLength(slot.text, prompt);
      if (length > bestLength && length / Math.max(1, slot.text.length) > SIMILARITY)
        [best, bestLength] = [slot, length];
    }
    return best ?? [...idle].sort((a, b) => a.lastUsed - b.lastUsed)[0];
  }

  /** A slot for `prompt` (waiting for one when all are busy and the cache queues); `promptTokens` as counted. */
  async acquire(
    prompt: string,
    promptTokens: number,
    options: {
      cachePrompt?: boolean;
      idSlot?: number;
      maxTokens?: number;
      stream?: boolean;
      signal?: AbortSignal;
    } = {},
  ): Promise<CacheHit> {
    let slot = this.pick(prompt, options.idSlot);
    while (!slot) {
      if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        options.signal?.addEventListener('abort', () => resolve(), { once: true });
      });
      slot = this.pick(prompt, options.idSlot);
    }
    const reusable =
      options.cachePrompt === false ? 0 : Math.floor(commonPrefixLength(slot.text, prompt) / CHARS_PER_TOKEN);
    // At least one prompt token is always evaluated, for the logits of the first output token.
    const cachedTokens = Math.max(0, Math.min(reusable, promptTokens - 1));
    slot.busy = true;
    slot.lastUsed = ++this.clock;
    slot.text = prompt;
    slot.task = {
      idTask: ++taskCounter,
      promptTokens,
      cachedTokens,
      processedTokens: promptTokens - cachedTokens,
      decoded: 0,
      maxTokens: options.maxTokens ?? -1,
      stream: options.stream ?? false,
    };
    return { slot, cachedTokens };
  }

  /** The slot now holds the prompt and what was generated after it. */
  release(slot: Slot, generated: string, decoded: number): void {
    slot.text += generated;
    slot.busy = false;
    if (slot.task) slot.task.decoded = decoded;
    // Every waiter looks again (one that gave up meanwhile just returns).
    for (const wake of this.waiting.splice(0)) wake();
  }
}
