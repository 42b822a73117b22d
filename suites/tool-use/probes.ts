// The probes, as data: what is asked, which tools are offered, which replies pass. Phrased in plain
// English that a real model understands (and so does the simulator's competent model).
import type Anthropic from '@anthropic-ai/sdk';
import { longSystemPrompt, withSystemReminder } from '../shared/claude-code-prompt.js';
import { ALL_TOOLS, BASH, EDIT, FILE_TOOLS, READ, TODO_WRITE, WRITE } from '../shared/claude-code-tools.js';
import type { ArgMatcher, Category, ExpectedCall, Expectation, Probe } from './types.js';

const APP = '/home/dev/app';

// Small builders so each probe reads as one sentence of data.
const path = (value: string): ArgMatcher => ({ kind: 'path', value });
const text = (value: string): ArgMatcher => ({ kind: 'text', value });
const command = (value: string): ArgMatcher => ({ kind: 'command', value });
const includes = (value: string): ArgMatcher => ({ kind: 'includes', value });
const user = (content: string): Anthropic.MessageParam => ({ role: 'user', content });

const read = (file: string): ExpectedCall => ({ name: 'Read', args: { file_path: path(file) } });
const run = (line: string): ExpectedCall => ({ name: 'Bash', args: { command: command(line) } });
const edit = (file: string, from: string, to: string): ExpectedCall => ({
  name: 'Edit',
  args: { file_path: path(file), old_string: text(from), new_string: text(to) },
});
const grep = (pattern: string, where: string): ExpectedCall => ({
  name: 'Grep',
  args: { pattern: text(pattern), path: path(where) },
});
const calls = (...expected: ExpectedCall[]): Expectation => ({ calls: expected });
const textAnswer = (mentionsAny?: string[]): Expectation => ({ text: mentionsAny ? { mentionsAny } : {} });

function probe(
  id: string,
  category: Category,
  task: string | Anthropic.MessageParam[],
  tools: readonly Anthropic.Tool[],
  expect: Expectation[],
  extra: Partial<Probe> = {},
): Probe {
  const messages = typeof task === 'string' ? [user(task)] : task;
  return { id, category, messages, tools: [...tools], stream: false, expect, ...extra };
}

/** A finished assistant turn that called one tool, and the user turn carrying its result. */
function toolExchange(
  task: string,
  id: string,
  name: string,
  input: Record<string, unknown>,
  result: string,
  isError = false,
): Anthropic.MessageParam[] {
  return [
    user(task),
    { role: 'assistant', content: [{ type: 'tool_use', id, name, input }] },
    {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: id, content: result, ...(isError ? { is_error: true } : {}) }],
    },
  ];
}

const PLAN_TASK =
  'Make a plan with this todo list: add a login form; write tests for the login form; update the README.';
const PLAN = calls({
  name: 'TodoWrite',
  args: { todos: { kind: 'items', count: 3, field: 'content', includes: ['login form', 'tests', 'readme'] } },
});
const TWO_READS = `Read the file ${APP}/package.json. Read the file ${APP}/tsconfig.json. Do both at once.`;
const CONFIG_LISTING = '     1\texport const PORT = 8417;\n     2\texport const HOST = "127.0.0.1";\n';

const simple: Probe[] = [
  probe('simple-read', 'simple', `Read the file ${APP}/src/config.ts.`, [READ], [calls(read(`${APP}/src/config.ts`))]),
  probe(
    'simple-write',
    'simple',
    `Create a file ${APP}/notes/todo.txt containing "buy milk".`,
    [WRITE],
    [calls({ name: 'Write', args: { file_path: path(`${APP}/notes/todo.txt`), content: text('buy milk') } })],
  ),
  probe(
    'simple-edit',
    'simple',
    `Replace "localhost" with "0.0.0.0" in ${APP}/src/server.ts.`,
    [EDIT],
    [calls(edit(`${APP}/src/server.ts`, 'localhost', '0.0.0.0'))],
  ),
  probe('simple-bash', 'simple', 'Run `npm test`.', [BASH], [calls(run('npm test'))]),
  probe('simple-plan', 'simple', PLAN_TASK, [TODO_WRITE], [PLAN]),
];

const choose: Probe[] = [
  probe('choose-read', 'choose', `Show me the contents of ${APP}/package.json.`, ALL_TOOLS, [
    calls(read(`${APP}/package.json`)),
  ]),
  probe('choose-grep', 'choose', `Search for "TODO" in ${APP}/src.`, ALL_TOOLS, [calls(grep('TODO', `${APP}/src`))]),
  probe('choose-glob', 'choose', 'List files matching **/*.test.ts.', ALL_TOOLS, [
    calls({ name: 'Glob', args: { pattern: includes('*.test.ts') } }),
  ]),
  probe('choose-bash', 'choose', 'Run `git status`.', ALL_TOOLS, [calls(run('git status'))]),
  probe('choose-edit', 'choose', `Replace "console.log" with "logger.debug" in ${APP}/src/server.ts.`, ALL_TOOLS, [
    calls(edit(`${APP}/src/server.ts`, 'console.log', 'logger.debug')),
  ]),
  probe('choose-write', 'choose', `Write a file ${APP}/.nvmrc with the content "22".`, ALL_TOOLS, [
    calls({ name: 'Write', args: { file_path: path(`${APP}/.nvmrc`), content: text('22') } }),
  ]),
];

const parallel: Probe[] = [
  probe('parallel-two-reads', 'parallel', TWO_READS, FILE_TOOLS, [
    calls(read(`${APP}/package.json`), read(`${APP}/tsconfig.json`)),
  ]),
  probe(
    'parallel-read-and-run',
    'parallel',
    `Read the file ${APP}/README.md. Run \`git log --oneline -5\`. Do both at once.`,
    FILE_TOOLS,
    [calls(read(`${APP}/README.md`), run('git log --oneline -5'))],
  ),
  probe(
    'parallel-two-searches',
    'parallel',
    `Search for "TODO" in ${APP}/src. Search for "FIXME" in ${APP}/test. Do both at once.`,
    FILE_TOOLS,
    [calls(grep('TODO', `${APP}/src`), grep('FIXME', `${APP}/test`))],
  ),
];

const multiTurn: Probe[] = [
  probe(
    'multi-turn-use-result',
    'multi_turn',
    toolExchange(
      `Read the file ${APP}/src/config.ts and tell me which port the server listens on.`,
      'call_k3v9x2aq',
      'Read',
      { file_path: `${APP}/src/config.ts` },
      CONFIG_LISTING,
    ),
    FILE_TOOLS,
    [textAnswer(['8417'])],
  ),
  probe(
    'multi-turn-next-step',
    'multi_turn',
    toolExchange(
      `Read the file ${APP}/src/config.ts, then replace "8417" with "8080" in ${APP}/src/config.ts.`,
      'call_p0d7mw4e',
      'Read',
      { file_path: `${APP}/src/config.ts` },
      CONFIG_LISTING,
    ),
    FILE_TOOLS,
    [
      calls({
        name: 'Edit',
        args: { file_path: path(`${APP}/src/config.ts`), old_string: includes('8417'), new_string: includes('8080') },
      }),
    ],
  ),
  probe(
    'multi-turn-after-search',
    'multi_turn',
    toolExchange(
      `Search for "TODO" in ${APP}/src, then run \`npm run lint\`.`,
      'call_t8r1bn6c',
      'Grep',
      { pattern: 'TODO', path: `${APP}/src` },
      'src/app.ts:12:  // TODO: remove the debug route\n',
    ),
    FILE_TOOLS,
    [calls(run('npm run lint'))],
  ),
  probe(
    'multi-turn-command-error',
    'multi_turn',
    toolExchange(
      'Run `npm test` and tell me whether the tests pass.',
      'call_f2h5ys0j',
      'Bash',
      { command: 'npm test', description: 'Run the test suite' },
      'sh: 1: vitest: not found\nExit code 127',
      true,
    ),
    FILE_TOOLS,
    // Reporting the error is right; so is repairing it by installing the dependencies.
    [
      textAnswer(['vitest', 'not found', 'not installed']),
      calls({ name: 'Bash', args: { command: includes('install') } }),
      calls({ name: 'Bash', args: { command: includes('npm ci') } }),
    ],
  ),
  probe(
    'multi-turn-write-error',
    'multi_turn',
    toolExchange(
      'Create a file /etc/app.conf containing "debug=true".',
      'call_w6q3zl8u',
      'Write',
      { file_path: '/etc/app.conf', content: 'debug=true' },
      "EACCES: permission denied, open '/etc/app.conf'",
      true,
    ),
    FILE_TOOLS,
    [textAnswer(['permission', 'EACCES', 'denied'])],
  ),
];

const irrelevance: Probe[] = [
  probe('irrelevance-acronym', 'irrelevance', 'What does the acronym HTTP stand for? One line, please.', ALL_TOOLS, [
    textAnswer(),
  ]),
  probe('irrelevance-arithmetic', 'irrelevance', 'What is 17 multiplied by 23?', FILE_TOOLS, [textAnswer()]),
  probe('irrelevance-concept', 'irrelevance', 'In two sentences, explain what a race condition is.', FILE_TOOLS, [
    textAnswer(),
  ]),
  probe('irrelevance-thanks', 'irrelevance', 'Thanks, that is all for now.', FILE_TOOLS, [textAnswer()]),
];

const streamed = { stream: true };
const streaming: Probe[] = [
  probe(
    'streaming-read',
    'streaming',
    `Read the file ${APP}/src/index.ts.`,
    FILE_TOOLS,
    [calls(read(`${APP}/src/index.ts`))],
    streamed,
  ),
  probe('streaming-bash', 'streaming', 'Run `npm run build`.', ALL_TOOLS, [calls(run('npm run build'))], streamed),
  probe(
    'streaming-parallel',
    'streaming',
    TWO_READS,
    FILE_TOOLS,
    [calls(read(`${APP}/package.json`), read(`${APP}/tsconfig.json`))],
    streamed,
  ),
  probe(
    'streaming-edit',
    'streaming',
    `Replace "3000" with "8080" in ${APP}/src/server.ts.`,
    FILE_TOOLS,
    [calls(edit(`${APP}/src/server.ts`, '3000', '8080'))],
    streamed,
  ),
  probe('streaming-plan', 'streaming', PLAN_TASK, ALL_TOOLS, [PLAN], streamed),
  probe('streaming-text', 'streaming', 'What does JSON stand for?', FILE_TOOLS, [textAnswer()], streamed),
];

// Claude Code's shape: the long system prompt, every tool, the task behind a system reminder, streamed.
const longSystem = longSystemPrompt(ALL_TOOLS);
const long = (id: string, task: string, expect: Expectation[]): Probe =>
  probe(id, 'long_prompt', [withSystemReminder(task)], ALL_TOOLS, expect, { system: longSystem, stream: true });
const longPrompt: Probe[] = [
  long('long-read-relative', 'Read the file src/config.ts.', [calls(read(`${APP}/src/config.ts`))]),
  long('long-bash', 'Run `npm test`.', [calls(run('npm test'))]),
  long('long-edit', `Replace "http://" with "https://" in ${APP}/src/api/client.ts.`, [
    calls(edit(`${APP}/src/api/client.ts`, 'http://', 'https://')),
  ]),
  long('long-grep', `Search for "useEffect" in ${APP}/src.`, [calls(grep('useEffect', `${APP}/src`))]),
  long('long-irrelevance', 'What does the acronym CORS stand for?', [textAnswer()]),
];

export const PROBES: readonly Probe[] = [
  ...simple,
  ...choose,
  ...parallel,
  ...multiTurn,
  ...irrelevance,
  ...streaming,
  ...longPrompt,
];

/**
 * The core probes a `--quick` run sends: one or two of each category, the ones that tell a model
 * that drives Claude Code from one that does not. A quick score rests on these alone.
 */
export const CORE_PROBE_IDS: ReadonlySet<string> = new Set([
  'simple-read',
  'simple-edit',
  'choose-grep',
  'choose-bash',
  'parallel-two-reads',
  'multi-turn-use-result',
  'multi-turn-command-error',
  'irrelevance-arithmetic',
  'streaming-parallel',
  'streaming-edit',
  'long-edit',
]);

export const CORE_PROBES: readonly Probe[] = PROBES.filter((probe) => CORE_PROBE_IDS.has(probe.id));
