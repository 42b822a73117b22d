import { COMPETENT } from './base.js';
import type { SimProfile } from './types.js';

export const empty: SimProfile = {
  ...COMPETENT,
  name: 'empty',
  summary: 'answers nothing: an empty reply (a non-streamed /v1/messages reply from Ollama has `"content": null`)',
  think: () => ({ text: '', toolCalls: [] }),
};
