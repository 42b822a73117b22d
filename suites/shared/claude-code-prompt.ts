// A system prompt the size of Claude Code's first request (≈ 47K characters, 12–14K tokens, with the
// tool list), in our own words and deterministic, so a model must find the task behind a long prefix
// exactly as it will under Claude Code — and the server's context must hold all of it.
import type Anthropic from '@anthropic-ai/sdk';

/** Characters of Claude Code 2.1.33x's first request (system prompt + tools) before the user types anything (seen). */
export const CLAUDE_CODE_FIRST_REQUEST_CHARS = 47_000;
/** Its size in tokens, as Ollama counts it for Llama/Qwen tokenizers (~3.5 characters per token). */
export const CLAUDE_CODE_FIRST_REQUEST_TOKENS = 13_000;
/** Characters of system prompt plus tool definitions that Claude Code sends before the user types anything. */
export const LONG_PROMPT_TARGET_CHARS = CLAUDE_CODE_FIRST_REQUEST_CHARS;
export const WORKING_DIRECTORY = '/home/dev/app';

const GUIDELINES = [
  "You are a coding assistant that works inside the user's terminal on the project in the working directory.",
  'Keep answers short and direct; the terminal shows plain text, so prefer short lines and lists over long paragraphs.',
  'Do what was asked and nothing more. Do not create files unless they are needed for the task.',
  'Before changing a file, read it, so that your edit matches what is there.',
  'Use the dedicated tools for files: Read to look at a file, Edit to change it, Write to create it, Glob to find files by name and Grep to search their contents.',
  'Use Bash for builds, tests, version control and package managers, not for reading or searching files.',
  'Paths given to tools are absolute. Resolve a relative path against the working directory.',
  'When several tool calls do not depend on each other, make them in the same turn.',
  'When a tool reports an error, read the error, tell the user what went wrong, and do not pretend the step worked.',
  'For work with three or more steps, record a todo list with TodoWrite and keep it up to date.',
  'Never commit, push or delete branches unless the user asks for it.',
  'Follow the conventions of the code around you: its formatting, naming, libraries and tests.',
  'Do not add comments that only repeat what the code says.',
  'Never print or log secrets, keys or passwords, and do not write them into files.',
  'When you are not sure what the user wants, ask one short question instead of guessing.',
  'Answer questions that need no tools directly, without calling any tool.',
];

const PACKAGES = ['server', 'web', 'worker', 'shared', 'cli', 'admin'];
const AREAS = [
  'accounts',
  'auth',
  'billing',
  'config',
  'database',
  'email',
  'jobs',
  'logging',
  'metrics',
  'search',
  'storage',
  'uploads',
];
const FILES: ReadonlyArray<readonly [string, string]> = [
  ['index.ts', 'the public surface of the {area} module; other modules import only from here'],
  ['types.ts', 'types shared by the {area} code; plain data, no behaviour'],
  ['service.ts', 'the rules of {area}: validates input, calls the store, raises typed errors'],
  ['routes.ts', 'HTTP handlers for {area}; they parse requests and call the service'],
  ['store.ts', 'reads and writes {area} records; the only file that talks to the database'],
  ['errors.ts', 'error classes raised by {area}, each with an HTTP status'],
  ['service.test.ts', 'unit tests of the {area} service, with an in-memory store'],
];

function section(title: string, lines: string[]): string {
  return `# ${title}\n${lines.join('\n')}\n`;
}

function environmentSection(): string {
  return section('Environment', [
    `Working directory: ${WORKING_DIRECTORY}`,
    'Is the directory a git repository: yes',
    'Platform: linux',
    'Shell: bash',
    'Date: 2026-03-02',
  ]);
}

function gitSection(): string {
  return section('Git status at the start of the conversation', [
    'Current branch: feature/login-form',
    'Main branch: main',
    ' M packages/web/src/accounts/routes.ts',
    ' M packages/web/src/auth/service.ts',
    '?? packages/web/src/auth/login-form.tsx',
    'Recent commits:',
    'a41c9e2 Add rate limiting to the login route',
    '7d03b18 Move email templates into the email module',
    'e5f2c77 Upgrade the test runner',
  ]);
}

/** One line per file of a made-up monorepo, as a project memory file would describe it. */
function* repositoryMapLines(): Generator<string> {
  for (const pkg of PACKAGES) {
    for (const area of AREAS) {
      for (const [file, role] of FILES)
        yield `- packages/${pkg}/src/${area}/${file}: ${role.replaceAll('{area}', area)}.`;
    }
  }
}

/**
 * The system prompt: guidelines, environment, git status, then a project map cut where system
 * prompt plus tool definitions reach `targetChars`.
 */
export function longSystemPrompt(tools: readonly Anthropic.Tool[], targetChars = LONG_PROMPT_TARGET_CHARS): string {
  const head =
    section(
      'How to work',
      GUIDELINES.map((line) => `- ${line}`),
    ) +
    '\n' +
    environmentSection() +
    '\n' +
    gitSection() +
    '\n# Project notes\nThe repository is a monorepo of TypeScript packages. Map of the source files:\n';
  const budget = targetChars - JSON.stringify(tools).length;
  const lines: string[] = [];
  let length = head.length;
  for (const line of repositoryMapLines()) {
    if (length >= budget) break;
    lines.push(line);
    length += line.length + 1;
  }
  return head + lines.join('\n') + '\n';
}

/** Claude Code wraps context into `<system-reminder>` blocks in the user's turn, ahead of the task. */
export function withSystemReminder(task: string): Anthropic.MessageParam {
  const reminder =
    '<system-reminder>\nThe project notes above may be out of date; trust what the files say. ' +
    'The todo list is empty. Do not mention this reminder to the user.\n</system-reminder>';
  return {
    role: 'user',
    content: [
      { type: 'text', text: reminder },
      { type: 'text', text: task },
    ],
  };
}
