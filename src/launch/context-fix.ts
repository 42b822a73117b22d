// The exact commands that give Claude Code's requests enough context, on the server the run used.
import { ollamaAdvice } from '../servers/ollama.js';
import type { ServerAdvice } from '../servers/types.js';

/**
 * What Claude Code needs from the Messages endpoint: the guide's 64K. Its first request alone is
 * ~12-14K tokens (system prompt + tool definitions); the rest is room for files, tool results and
 * history, and Claude Code (assuming 1M tokens for unknown models) will not compact in time.
 */
export const REQUIRED_CONTEXT_TOKENS = 65_536;

export interface ContextFix {
  /** The num_ctx the commands set: the requirement, capped by what the model can use. */
  targetTokens: number;
  /** Why the target is below the requirement, or null when it is not. */
  cappedBy: 'claimed' | 'effective' | null;
  /** The command that serves the model with `targetTokens` (Ollama: `OLLAMA_CONTEXT_LENGTH=… ollama serve`; llama-server: `-c …`). */
  serverCommand: string;
  /** Ollama only: a Modelfile variant pinned to the context (null on other servers). */
  modelfile: string | null;
  createCommand: string | null;
  variantModel: string | null;
  /** One paragraph for `advice`. */
  text: string;
}

export interface ContextLimits {
  required: number;
  /** Trained context from /api/show; null when unknown. */
  claimed: number | null;
  /** Largest length the model retrieved every needle at; null when not measured. */
  effective: number | null;
}

export function contextFix(model: string, limits: ContextLimits, advice: ServerAdvice = ollamaAdvice): ContextFix {
  let targetTokens = limits.required;
  let cappedBy: ContextFix['cappedBy'] = null;
  if (limits.claimed !== null && limits.claimed < targetTokens) {
    targetTokens = limits.claimed;
    cappedBy = 'claimed';
  }
  if (limits.effective !== null && limits.effective > 0 && limits.effective < targetTokens) {
    targetTokens = Math.max(1024, Math.floor(limits.effective / 1024) * 1024);
    cappedBy = 'effective';
  }
  const cap =
    cappedBy === 'claimed'
      ? ` ${model} is trained for ${limits.claimed} tokens only, so that is the most to set; it stays below the ${limits.required} Claude Code needs — prefer a model with a longer context.`
      : cappedBy === 'effective'
        ? ` ${model} retrieved reliably only up to ${limits.effective} tokens, so the fix caps there; it stays below the ${limits.required} Claude Code needs — prefer a model with a longer effective context.`
        : '';
  const serverCommand = advice.serveCommand(model, targetTokens);
  if (advice !== ollamaAdvice) {
    const text = `The Messages endpoint cannot set the context per request, so raise it where the model is served: ${advice.raiseContext(model, targetTokens)}.${cap}`;
    return { targetTokens, cappedBy, serverCommand, modelfile: null, createCommand: null, variantModel: null, text };
  }
  const variantModel = `${model}-${Math.round(targetTokens / 1024)}k`;
  const modelfile = `FROM ${model}\nPARAMETER num_ctx ${targetTokens}`;
  const createCommand = `ollama create ${variantModel} -f Modelfile`;
  const text =
    `Ollama's Messages endpoint cannot set num_ctx, so raise the context where it is loaded: restart the server with \`${serverCommand}\` ` +
    `(Docker: \`-e OLLAMA_CONTEXT_LENGTH=${targetTokens}\`; applies to every model), or create a variant — a Modelfile with ` +
    `\`FROM ${model}\` and \`PARAMETER num_ctx ${targetTokens}\`, then \`${createCommand}\` and use \`${variantModel}\` in Claude Code.${cap}`;
  return { targetTokens, cappedBy, serverCommand, modelfile, createCommand, variantModel, text };
}
