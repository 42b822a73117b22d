// Which models are loaded and at what context, like Ollama's scheduler: a request for another
// context reloads the model (paying the load time); one model at a time fills the GPU.
import { loadedSize, type LoadedSize } from './memory.js';
import { PromptCache } from './prompt-cache.js';
import type { SimProfile } from './profiles/types.js';
import { elapsedNs, nowNs, sleep } from './timing.js';

const KEEP_ALIVE_MS = 5 * 60 * 1000;

export interface LoadedModel extends LoadedSize {
  profile: SimProfile;
  numCtx: number;
  expiresAt: Date;
  /** The runner's one llama-server slot: gone with the model when it unloads or reloads. */
  cache: PromptCache;
}

export class ModelScheduler {
  private readonly loaded = new Map<string, LoadedModel>();

  /**
   * `shareGpu: false` gives every model the whole simulated GPU, as if it ran alone: `bench run --sim`
   * tests models side by side, where a real run tests them one after the other.
   */
  constructor(
    private readonly vramBytes: number,
    private readonly shareGpu = true,
  ) {}

  /** Loads `profile` at `numCtx` unless it already is; returns load_duration in ns. */
  async ensureLoaded(profile: SimProfile, numCtx: number, signal?: AbortSignal): Promise<number> {
    const started = nowNs();
    const current = this.loaded.get(profile.name);
    if (!current || current.numCtx !== numCtx) {
      this.loaded.delete(profile.name);
      const size = loadedSize(profile.shape, numCtx, this.vramBytes);
      // Evict the others when they would not fit next to it (Ollama unloads idle runners for room).
      const others = [...this.loaded.values()].reduce((sum, model) => sum + model.sizeVram, 0);
      if (this.shareGpu && others + size.size > this.vramBytes) this.loaded.clear();
      await sleep(profile.loadMs, signal);
      this.loaded.set(profile.name, {
        profile,
        numCtx,
        ...size,
        expiresAt: new Date(),
        cache: new PromptCache(1, false),
      });
    }
    this.loaded.get(profile.name)!.expiresAt = new Date(Date.now() + KEEP_ALIVE_MS);
    return Math.max(1, elapsedNs(started));
  }

  /** The loaded model's prompt cache (a detached one when it is not loaded). */
  promptCache(profile: SimProfile): PromptCache {
    return this.loaded.get(profile.name)?.cache ?? new PromptCache(1, false);
  }

  unload(profile: SimProfile): void {
    this.loaded.delete(profile.name);
  }

  /** Loaded models, longest remaining keep-alive first (as /api/ps sorts them). */
  list(): LoadedModel[] {
    const now = Date.now();
    for (const [name, model] of this.loaded) if (model.expiresAt.getTime() <= now) this.loaded.delete(name);
    return [...this.loaded.values()].sort((a, b) => b.expiresAt.getTime() - a.expiresAt.getTime());
  }
}
