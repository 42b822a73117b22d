// Create one file with given content: the least an agent must do.
import { DEFAULT_BUDGETS, type AgentTask } from '../task.js';
import { fileEquals } from '../verify.js';

const CONTENT = 'hello from claude-code-bench';

export const createFile: AgentTask = {
  id: 'create_file',
  title: 'create a file with given content',
  files: {},
  prompt: `Create a file hello.txt containing "${CONTENT}".`,
  budgets: { ...DEFAULT_BUDGETS, maxTurns: 6 },
  verify: (ctx) => fileEquals(ctx, 'hello.txt', CONTENT),
};
