// sim-chatty: a model that never stops talking. Every reply is an endless preamble before the tool
// call it would make, so whatever max_tokens a request sets is what it generates (stop_reason
// max_tokens), the worst case for what a report costs.
import { COMPETENT } from './base.js';
import type { SimProfile } from './types.js';

const PREAMBLE = 'Let me think about this carefully before I call any tool, step by step. ';

export const chatty: SimProfile = {
  ...COMPETENT,
  name: 'chatty',
  summary: 'never stops: every reply is an endless preamble, cut only by max_tokens (the worst case for cost)',
  decodeTokensPerSecond: 0,
  think: () => ({ text: PREAMBLE.repeat(1000), toolCalls: [] }),
};
