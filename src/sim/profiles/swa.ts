import { COMPETENT } from './base.js';
import { GEMMA3_4B } from './shapes.js';
import type { SimProfile } from './types.js';

export const swa: SimProfile = {
  ...COMPETENT,
  name: 'swa',
  summary:
    'gemma3-like: sliding-window attention (`gemma3.attention.sliding_window` 1024) keeps its KV cache small; trained context 131072',
  shape: GEMMA3_4B,
  parameters:
    'stop                           "<end_of_turn>"\ntemperature                    1\ntop_k                          64\ntop_p                          0.95',
};
