// The simulator's tokenizer: one token per 4 characters, the estimate Ollama itself uses for
// Anthropic requests (anthropic.EstimateCountTokens), so counts are predictable in tests.

export const CHARS_PER_TOKEN = 4;

export function countTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Splits generated text into the pieces a streamed decode sends, one token each. */
export function splitTokens(text: string): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += CHARS_PER_TOKEN)
    pieces.push(text.slice(start, start + CHARS_PER_TOKEN));
  return pieces;
}
