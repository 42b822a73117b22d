// Edit an existing file in place (Claude Code's Edit tool wants the file read first).
import { DEFAULT_BUDGETS, type AgentTask } from '../task.js';
import { fileContains } from '../verify.js';

export const editFile: AgentTask = {
  id: 'edit_file',
  title: 'edit an existing file',
  files: { 'config.js': 'export const port = 3000;\nexport const host = "localhost";\n' },
  prompt: 'Read config.js, then replace "port = 3000" with "port = 8080" in config.js.',
  budgets: { ...DEFAULT_BUDGETS, maxTurns: 8 },
  verify: (ctx) => fileContains(ctx, 'config.js', ['port = 8080', 'host = "localhost"'], ['port = 3000']),
};
