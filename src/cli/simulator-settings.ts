// The simulator as `bench run --sim` and `bench sim` start it: its GPU, and OLLAMA_CONTEXT_LENGTH
// read (and checked) the way Ollama reads it.
import { z } from 'zod';
import { UsageError } from './usage.js';

/**
 * The simulated GPU: 24 GiB, like an RTX 3090/4090, so the server default context is Ollama's middle
 * tier (32768): enough for Claude Code's first request, not for the 64K working room — the trap the
 * context suite exists to show.
 */
export const SIM_VRAM_BYTES = 24 * 1024 ** 3;

const contextLength = z.coerce.number({ message: 'OLLAMA_CONTEXT_LENGTH must be a number of tokens' }).int('OLLAMA_CONTEXT_LENGTH must be a whole number of tokens').positive('OLLAMA_CONTEXT_LENGTH must be more than 0').optional();

/** OLLAMA_CONTEXT_LENGTH for the simulator, or a UsageError that says what is wrong with it. */
export function simulatorContextLength(env: NodeJS.ProcessEnv): number | undefined {
  const parsed = contextLength.safeParse(env.OLLAMA_CONTEXT_LENGTH || undefined);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((issue) => issue.message).join('; '));
  return parsed.data;
}
