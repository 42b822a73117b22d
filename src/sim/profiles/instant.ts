import { COMPETENT } from './base.js';
import type { SimProfile } from './types.js';

export const instant: SimProfile = {
  ...COMPETENT,
  name: 'instant',
  summary: 'competent and never sleeps (for benchmarking the harness itself)',
  prefillTokensPerSecond: 0,
  decodeTokensPerSecond: 0,
  loadMs: 0,
};
