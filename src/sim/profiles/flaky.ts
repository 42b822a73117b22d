import { COMPETENT } from './base.js';
import type { SimProfile } from './types.js';

export const flaky: SimProfile = {
  ...COMPETENT,
  name: 'flaky',
  summary: "about 1 generation request in 3 fails: HTTP 500 with Ollama's error body, or the stream cut mid-way",
  // Each rule counts only the requests no earlier rule failed: the truncate rule fails requests
  // 5, 11, 17, …, the 500 rule requests 6, 12, 18, … — one in three overall.
  faults: [
    { kind: 'http500', rate: 1 / 6 },
    { kind: 'truncate', rate: 1 / 5 },
  ],
};
