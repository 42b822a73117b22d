import { COMPETENT } from './base.js';
import { CODELLAMA_7B } from './shapes.js';
import type { SimProfile } from './types.js';

export const noTools: SimProfile = {
  ...COMPETENT,
  name: 'no-tools',
  summary: 'no `tools` capability: any request offering tools gets 400 "… does not support tools"',
  shape: CODELLAMA_7B,
  capabilities: ['completion'],
  parameters:
    'rope_frequency_base 1e+06\nstop                           "[INST]"\nstop                           "[/INST]"',
};
