import { COMPETENT } from './base.js';
import { QWEN2_7B } from './shapes.js';
import type { SimProfile } from './types.js';

export const textTools: SimProfile = {
  ...COMPETENT,
  name: 'text-tools',
  summary: 'writes tool calls as text (`<tool_call>{…}</tool_call>`) instead of real tool calls',
  shape: QWEN2_7B,
  defect: 'text-tools',
  parameters: 'stop                           "<|im_start|>"\nstop                           "<|im_end|>"',
};
