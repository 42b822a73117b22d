import { COMPETENT } from './base.js';
import { GEMMA2_2B } from './shapes.js';
import type { SimProfile } from './types.js';

export const shortCtx: SimProfile = {
  ...COMPETENT,
  name: 'short-ctx',
  summary: 'trained context 8192: long prompts are truncated even when a larger num_ctx is asked for',
  shape: GEMMA2_2B,
  parameters: 'stop                           "<start_of_turn>"\nstop                           "<end_of_turn>"',
};
