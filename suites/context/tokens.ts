// Characters per token for the model under test, from the server's own counts (prompt_eval_count,
// usage.input_tokens), never guessed from a formula: the first probe calibrates it and every
// probe that was certainly not truncated refines it (the largest such prompt gives the best ratio).

export class TokenScale {
  private observedChars = 0;
  private observedTokens = 0;

  /** Before any observation: 4 characters per token, about right for English with BPE tokenizers. */
  get charsPerToken(): number {
    return this.observedTokens > 0 ? this.observedChars / this.observedTokens : 4;
  }

  get calibrated(): boolean {
    return this.observedTokens > 0;
  }

  /** Records a prompt the server counted in full (not truncated, not served from its prompt cache). */
  observe(chars: number, tokens: number | null | undefined): void {
    if (!tokens || tokens <= 0 || tokens < this.observedTokens) return;
    this.observedChars = chars;
    this.observedTokens = tokens;
  }

  charsFor(tokens: number): number {
    return Math.max(0, Math.floor(tokens * this.charsPerToken));
  }

  tokensFor(chars: number): number {
    return Math.ceil(chars / this.charsPerToken);
  }
}
