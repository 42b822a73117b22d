// Several steps where later ones depend on earlier ones: read, edit, then run the result.
import { DEFAULT_BUDGETS, type AgentTask } from '../task.js';
import { allOf, answerMentions, commandSucceeds, fileContains } from '../verify.js';

export const readThenEdit: AgentTask = {
  id: 'read_then_edit',
  title: 'multi-step: read, edit, run',
  files: {
    'src/greet.js': 'const name = process.argv[2] ?? "world";\nconsole.log(`Hello, ${name}!`);\n',
    'README.md': '# greet\nPrints a greeting.\n',
  },
  prompt:
    'Read src/greet.js, then replace "Hello" with "Goodbye" in src/greet.js, then run `node src/greet.js` and tell me what it prints.',
  budgets: { ...DEFAULT_BUDGETS, maxTurns: 10 },
  verify: (ctx) =>
    allOf(
      () => fileContains(ctx, 'src/greet.js', ['Goodbye, ${name}!'], ['Hello']),
      () => commandSucceeds(ctx, ['node', 'src/greet.js'], 'Goodbye, world!'),
      () => answerMentions(ctx, 'Goodbye, world!'),
    ),
};
