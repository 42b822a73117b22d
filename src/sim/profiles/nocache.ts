import { COMPETENT } from './base.js';
import type { SimProfile } from './types.js';

export const nocache: SimProfile = {
  ...COMPETENT,
  name: 'nocache',
  summary:
    'competent, but its prompt cache never hits: every turn of a session processes the whole prompt again (prefill 40000 tokens/s, so it shows)',
  prefillTokensPerSecond: 40_000,
  promptCache: 'off',
};
