// The simulator as `bench run --sim` and `bench sim` start it: its GPU, and OLLAMA_CONTEXT_LENGTH
// read (and checked) the way Ollama reads it.
import { z } from 'zod';
import type { BackendId } from '../servers/types.js';
import { UsageError } from './usage.js';

/**
 * The simulated GPU: 24 GiB, like an RTX 3090/4090, so the server default context is Ollama's middle
 * tier (32768): enough for Claude Code's first request, not for the 64K working room — the trap the
 * context suite exists to show.
 */
export const SIM_VRAM_BYTES = 24 * 1024 ** 3;

const contextLength = (name: string) =>
  z.coerce
    .number({ message: `${name} must be a number of tokens` })
    .int(`${name} must be a whole number of tokens`)
    .positive(`${name} must be more than 0`)
    .optional();

/**
 * The variable each simulated server reads its context from, as the real one does: Ollama's
 * OLLAMA_CONTEXT_LENGTH, llama-server's LLAMA_ARG_CTX_SIZE (its `-c`).
 */
const CONTEXT_VARIABLE: Record<BackendId, string | null> = {
  ollama: 'OLLAMA_CONTEXT_LENGTH',
  'llama-server': 'LLAMA_ARG_CTX_SIZE',
  anthropic: 'LLAMA_ARG_CTX_SIZE',
};

/** The simulated server's context from its variable, or a UsageError that says what is wrong with it. */
export function simulatorContextLength(env: NodeJS.ProcessEnv, backend: BackendId = 'ollama'): number | undefined {
  const name = CONTEXT_VARIABLE[backend];
  if (!name) return undefined;
  const parsed = contextLength(name).safeParse(env[name] || undefined);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((issue) => issue.message).join('; '));
  return parsed.data;
}
