import { COMPETENT } from './base.js';
import { MISTRAL_7B } from './shapes.js';
import type { SimProfile } from './types.js';

export const badJson: SimProfile = {
  ...COMPETENT,
  name: 'bad-json',
  summary: 'broken tool input: streamed input_json_delta is not JSON, non-streamed input misses a required field',
  shape: MISTRAL_7B,
  defect: 'bad-json',
  parameters: 'stop                           "[INST]"\nstop                           "[/INST]"',
};
