// An error the simulator answers with an HTTP status, written in the shape of the API asked.

export interface SimErrorDetail {
  /** llama-server's error `type` (`exceed_context_size_error`, …); each personality has a default by status. */
  type?: string;
  /** Extra fields of llama-server's error object (`n_prompt_tokens`, `n_ctx`). */
  fields?: Record<string, unknown>;
}

export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly detail: SimErrorDetail = {},
  ) {
    super(message);
    this.name = 'SimError';
  }
}

export const modelNotFound = (model: string): SimError => new SimError(404, `model '${model}' not found`);

/** llama-server's refusal of a prompt that does not fit its slot (server-context.cpp); Ollama passes it through. */
export const exceedsContext = (promptTokens: number, numCtx: number): SimError =>
  new SimError(
    400,
    `request (${promptTokens} tokens) exceeds the available context size (${numCtx} tokens), try increasing it`,
    {
      type: 'exceed_context_size_error',
      fields: { n_prompt_tokens: promptTokens, n_ctx: numCtx },
    },
  );

/**
 * llama-server's refusal as Ollama passes it through (llm/llama_server.go): the message is
 * llama-server's whole error body, as text.
 */
export function exceedsContextPassedThrough(promptTokens: number, numCtx: number): SimError {
  const refusal = exceedsContext(promptTokens, numCtx);
  return new SimError(
    400,
    JSON.stringify({
      error: { code: 400, message: refusal.message, type: refusal.detail.type, ...refusal.detail.fields },
    }),
  );
}
