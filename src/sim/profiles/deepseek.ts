import { COMPETENT } from './base.js';
import { DEEPSEEK2_16B } from './shapes.js';
import type { SimProfile } from './types.js';

export const deepseek: SimProfile = {
  ...COMPETENT,
  name: 'deepseek',
  summary: 'deepseek2 family: a prompt longer than the context is refused with 400 instead of truncated',
  shape: DEEPSEEK2_16B,
  parameters: 'stop                           "User:"\nstop                           "Assistant:"',
};
