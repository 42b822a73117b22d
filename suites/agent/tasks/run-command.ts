// Run a command and use what it printed: the answer is only known after running it.
import { DEFAULT_BUDGETS, type AgentTask } from '../task.js';
import { answerMentions } from '../verify.js';

const FACTORS = [1234, 5678] as const;
const PRODUCT = String(FACTORS[0] * FACTORS[1]);

export const runCommand: AgentTask = {
  id: 'run_command',
  title: 'run a command and use its output',
  files: { 'compute.js': `console.log(${FACTORS[0]} * ${FACTORS[1]});\n` },
  prompt: 'Run `node compute.js` and tell me the number it prints.',
  budgets: { ...DEFAULT_BUDGETS, maxTurns: 6 },
  verify: async (ctx) => answerMentions(ctx, PRODUCT),
};
