// A behaviour profile is data: the model's shape (what /api/show reports and memory maths use),
// its speeds, and at most one named defect applied on top of the competent reply.
import type { SimConversation } from '../conversation.js';
import type { FaultRule } from '../faults.js';
import type { ModelReply } from '../model.js';

export type SimDefect = 'none' | 'text-tools' | 'bad-json';

/** What the GGUF metadata of a real model would say; drives /api/show, /api/tags and loaded sizes. */
export interface ModelShape {
  /** `general.architecture`, also the key prefix of the other model_info entries. */
  architecture: string;
  family: string;
  parameterCount: number;
  parameterSize: string;
  quantization: string;
  fileSizeBytes: number;
  /** Trained context (`<arch>.context_length`); requests are capped at it. */
  trainedContext: number;
  blockCount: number;
  headCount: number;
  headCountKv: number;
  embeddingLength: number;
  keyLength: number;
  valueLength: number;
  /** Tokens in the vocabulary (llama-server's `n_vocab`). */
  vocabSize?: number;
  /**
   * KV heads per layer where they differ (hybrid models: 0 for recurrent layers). /api/show gives it
   * as an array for `<arch>.attention.head_count_kv` (null without `verbose`).
   */
  headCountKvPerLayer?: readonly number[];
  /** Sliding-window attention: tokens a local layer attends to (`<arch>.attention.sliding_window`). */
  slidingWindow?: number;
  /** Other GGUF keys of the architecture, without the `<arch>.` prefix (`ssm.state_size`, …). */
  extraInfo?: Readonly<Record<string, unknown>>;
}

export interface SimProfile {
  /** Served as `sim-<name>`. */
  name: string;
  /** One line for docs and `bench sim --help`. */
  summary: string;
  shape: ModelShape;
  /** Capabilities as /api/show lists them; without `tools` any request offering tools is refused. */
  capabilities: readonly string[];
  /** Prompt tokens per second; 0 = no sleep. */
  prefillTokensPerSecond: number;
  /** Generated tokens per second; 0 = no sleep. */
  decodeTokensPerSecond: number;
  /** Simulated time to load the weights (ms); 0 = no sleep. */
  loadMs: number;
  defect: SimDefect;
  /** Faults this profile always has (evaluated before the server's own fault rules). */
  faults: readonly FaultRule[];
  /** `parameters` text of /api/show. */
  parameters: string;
  /**
   * `llama-server`: Ollama renders this model with llama-server's own chat template, so an over-long
   * prompt is llama-server's 400 passed through (never dropped or cut). Default: Ollama's template.
   */
  template?: 'ollama' | 'llama-server';
  /**
   * `off`: the prompt cache never serves this model's requests — every prompt is processed whole, as
   * on a server with its cache off or a model whose cache cannot be reused (sim-nocache). Default on.
   */
  promptCache?: 'on' | 'off';
  /** Replaces the competent model's reasoning (sim-delegate); default: `think` of model.ts. */
  think?: (conversation: SimConversation) => ModelReply;
}
