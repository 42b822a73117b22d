import { COMPETENT } from './base.js';
import type { SimProfile } from './types.js';

export const good: SimProfile = {
  ...COMPETENT,
  name: 'good',
  summary: 'competent 8B llama-shaped model; trained context 131072, fits the simulated VRAM',
};
