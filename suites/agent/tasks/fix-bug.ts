// Fix a small bug so that a provided test passes; the test runs in a container, not on the host.
import { DEFAULT_BUDGETS, type AgentTask } from '../task.js';
import { allOf, commandSucceeds, fileEquals } from '../verify.js';

const TEST = `const assert = require('node:assert');
const { sum } = require('./sum.js');
assert.strictEqual(sum(2, 3), 5);
assert.strictEqual(sum(-1, 1), 0);
console.log('ok');
`;

export const fixBug: AgentTask = {
  id: 'fix_bug',
  title: 'fix a bug so the test passes',
  files: {
    'sum.js': 'function sum(a, b) {\n  return a - b;\n}\nmodule.exports = { sum };\n',
    'test.js': TEST,
  },
  prompt:
    'The test in test.js fails because of a bug in sum.js. Read sum.js, then replace "a - b" with "a + b" in sum.js, then run `node test.js` to check that it passes.',
  budgets: { ...DEFAULT_BUDGETS, maxTurns: 10 },
  // The test must still be the one provided: passing by editing the test does not count.
  verify: (ctx) =>
    allOf(
      () => fileEquals(ctx, 'test.js', TEST),
      () => commandSucceeds(ctx, ['node', 'test.js'], 'ok'),
    ),
};
