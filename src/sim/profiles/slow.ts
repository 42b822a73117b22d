import { COMPETENT } from './base.js';
import { QWEN2_14B } from './shapes.js';
import type { SimProfile } from './types.js';

export const slow: SimProfile = {
  ...COMPETENT,
  name: 'slow',
  summary: 'decodes at ~5 tokens/s',
  shape: QWEN2_14B,
  // Only decoding is slow: a model that prefills fast and writes slowly (e.g. a big model's long tail).
  prefillTokensPerSecond: 200_000,
  decodeTokensPerSecond: 5,
  parameters: 'stop                           "<|im_start|>"\nstop                           "<|im_end|>"',
};
