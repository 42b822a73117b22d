import { COMPETENT } from './base.js';
import { GRANITE_HYBRID_7B } from './shapes.js';
import type { SimProfile } from './types.js';

export const hybrid: SimProfile = {
  ...COMPETENT,
  name: 'hybrid',
  summary:
    'granite-hybrid-like: per-layer `head_count_kv` (0 for the recurrent layers) — an array only `/api/show` with `verbose: true` gives',
  shape: GRANITE_HYBRID_7B,
  parameters: 'stop                           "<|end_of_text|>"\nstop                           "<|start_of_role|>"',
};
