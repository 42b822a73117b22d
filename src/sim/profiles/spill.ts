import { COMPETENT } from './base.js';
import { QWEN2_32B } from './shapes.js';
import type { SimProfile } from './types.js';

export const spill: SimProfile = {
  ...COMPETENT,
  name: 'spill',
  summary: 'does not fit the simulated VRAM: /api/ps shows size_vram < size, and it runs slower for it',
  shape: QWEN2_32B,
  prefillTokensPerSecond: 60_000,
  decodeTokensPerSecond: 14,
  loadMs: 400,
  parameters: 'stop                           "<|im_start|>"\nstop                           "<|im_end|>"',
};
