import { COMPETENT } from './base.js';
import type { SimProfile } from './types.js';

export const llamaTemplate: SimProfile = {
  ...COMPETENT,
  name: 'llama-template',
  summary:
    'Ollama renders it with llama-server\'s own chat template: an over-long prompt is llama-server\'s 400 "request (N tokens) exceeds the available context size (C tokens), try increasing it", never cut',
  template: 'llama-server',
  // Imported from a GGUF as it is: the chat template is the file's own, no Modelfile parameters.
  parameters: '',
};
