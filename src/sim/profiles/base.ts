// The competent defaults every profile starts from; a profile file states only how it differs.
import { LLAMA_8B } from './shapes.js';
import type { SimProfile } from './types.js';

export const LLAMA3_PARAMETERS =
  'stop                           "<|start_header_id|>"\nstop                           "<|end_header_id|>"\nstop                           "<|eot_id|>"';

export const COMPETENT: Omit<SimProfile, 'name' | 'summary'> = {
  shape: LLAMA_8B,
  capabilities: ['completion', 'tools'],
  prefillTokensPerSecond: 200_000,
  decodeTokensPerSecond: 150,
  loadMs: 200,
  defect: 'none',
  faults: [],
  parameters: LLAMA3_PARAMETERS,
};
