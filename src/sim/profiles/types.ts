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
  /** Replaces the competent model's reasoning (sim-delegate); default: `think` of model.ts. */
  think?: (conversation: SimConversation) => ModelReply;
}
